/** Unit tests: the package over the real @tarojs/taro and a simulated WeChat runtime. */
// Unit tests build for WeChat unless a test loads the package for another target.
process.env.TARO_ENV = process.env.TARO_ENV || 'weapp'
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts?(x)'],
  // Development messages, as in an app's development build (rollup.config.mjs writes NODE_ENV's test in its place).
  globals: { __DEV__: true },
  setupFiles: ['<rootDir>/__tests__/runtime/setup.ts'],
  setupFilesAfterEnv: ['<rootDir>/__tests__/runtime/guards.ts'],
  testPathIgnorePatterns: ['/runtime/'],
  // @tarojs/* ship ES modules, and so do the Stencil elements and Swiper @tarojs/components' React
  // build loads (some as .mjs), including a tslib nested under @tarojs/components.
  transform: { '\\.[mc]?[jt]sx?$': 'babel-jest' },
  // The harmony-hybrid plugin's API layer also imports lodash-es and query-string (ES modules).
  transformIgnorePatterns: ['^(?!.*/node_modules/(@tarojs|@stencil|swiper|lodash-es|query-string|decode-uri-component|filter-obj|split-on-first|nanoid)/).*/node_modules/'],
}
