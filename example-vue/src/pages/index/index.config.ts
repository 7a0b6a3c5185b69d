export default definePageConfig({
  navigationBarTitleText: '保存到相册 Save to album',
})
