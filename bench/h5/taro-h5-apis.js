// What `@tarojs/taro` is in a Taro 4 H5 build: @tarojs/plugin-platform-h5 aliases it to its
// runtime/apis module, which re-exports @tarojs/taro-h5's API modules (canIUse aside).
export * from '@tarojs/taro-h5/dist/api/index.js'
export { default } from '@tarojs/taro-h5/dist/api/taro.js'
