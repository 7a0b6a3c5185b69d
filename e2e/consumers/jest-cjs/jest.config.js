// The two lines a user adds for taro-save-to-album/testing (README, "Testing your screens").
module.exports = {
  testEnvironment: 'jsdom',
  setupFilesAfterEnv: ['taro-save-to-album/testing/jest'],
}
