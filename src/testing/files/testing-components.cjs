// What `@tarojs/components` is under simulatedAlbum() in vitest: the stand-in components.
module.exports = require('taro-save-to-album/testing').components
