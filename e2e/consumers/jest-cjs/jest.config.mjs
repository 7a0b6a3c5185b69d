// What the README's "Testing your screens" shows for jest, as written there.
export default {
  testEnvironment: 'jsdom',
  setupFilesAfterEnv: ['taro-save-to-album/testing/jest'],
}
