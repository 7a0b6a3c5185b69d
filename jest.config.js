/** Unit tests: the package over the real @tarojs/taro and a simulated WeChat runtime. */
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts?(x)'],
  setupFiles: ['<rootDir>/__tests__/runtime/setup.ts'],
  setupFilesAfterEnv: ['<rootDir>/__tests__/runtime/guards.ts'],
  testPathIgnorePatterns: ['/runtime/'],
  // @tarojs/* ship ES modules.
  transformIgnorePatterns: ['/node_modules/(?!@tarojs/)'],
}
