// The behaviour table again, over Taro 3.6's own @tarojs/taro, api, runtime, shared and platform
// plugins (installed beside 4.2's as npm aliases, @tarojs-36/*): every family, as a Taro 3.6 app
// would run the package.
const base = require('./jest.config')

const taro36 = '<rootDir>/node_modules/@tarojs-36'

module.exports = {
  ...base,
  displayName: 'taro-3.6',
  testMatch: ['**/platforms.test.ts'],
  // The Taro line the table must find loaded (platforms.test.ts checks it).
  globals: { ...base.globals, TARO_LINE: '3.6.' },
  moduleNameMapper: {
    // Its CJS build exports Taro with no `.default`, which @tarojs/taro reads: take the ES build,
    // as a Taro build does.
    '^@tarojs/api$': `${taro36}/api/dist/index.esm.js`,
    '^@tarojs/(taro|runtime|shared|plugin-platform-(?:weapp|alipay|tt|swan|qq|jd))(/.*)?$': `${taro36}/$1$2`,
  },
  transformIgnorePatterns: ['^(?!.*/node_modules/(@tarojs|@tarojs-36|@stencil|swiper)/).*/node_modules/'],
}
