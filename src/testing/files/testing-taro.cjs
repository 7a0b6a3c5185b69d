// What `@tarojs/taro` is under simulatedAlbum() in vitest: the simulated phone's Taro API (CommonJS,
// so vitest hands each of its live properties to the package's `import * as Taro`).
module.exports = require('taro-save-to-album/testing').taro
