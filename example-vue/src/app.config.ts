export default defineAppConfig({
  pages: ['pages/index/index'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#fff',
    navigationBarTitleText: '保存到相册 Save to album',
    navigationBarTextStyle: 'black',
  },
  // 微信隐私保护指引：保存到相册（scope.writePhotosAlbum）属于隐私接口，
  // 需要在小程序后台「用户隐私保护指引」中声明「相册（仅写入）权限」。
  // WeChat privacy rules: writing to the album is a covered scope; declare it in the
  // mini program's privacy agreement (admin console) and turn the privacy check on.
  __usePrivacyCheck__: true,
  lazyCodeLoading: 'requiredComponents',
})
