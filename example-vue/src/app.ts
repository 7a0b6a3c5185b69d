import { createApp } from 'vue'

import './app.scss'

// 页面由 Taro 挂载到这个应用上 / Taro mounts the pages on this app
const App = createApp({})

export default App
