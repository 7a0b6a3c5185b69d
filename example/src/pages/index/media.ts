/**
 * What the demo saves, all served by the demo itself so it works offline:
 * - H5: same origin as the page (`npm run demo` serves /sample.png, /grid/0.png … /grid/8.png and
 *   /sample.mp4 beside the build; no CORS needed).
 * - 小程序 / mini programs: https URLs on the "downloadFile 合法域名" list. One build-time switch
 *   moves them all: `TARO_APP_SAMPLE_URL=https://你的域名/sample.png npm run demo:weapp` puts the
 *   grid and the clip beside that image (`grid/N.png`, `sample.mp4`).
 */
// harmony-hybrid is the H5 build in HarmonyOS's WebView: its assets are served beside it too.
const IN_BROWSER = process.env.TARO_ENV === 'h5' || process.env.TARO_ENV === 'harmony-hybrid'

/**
 * 端到端测试用的 H5 地址参数 / the H5 page's query parameters the e2e tests use: `?src=<url>`
 * picks the server image (relative URLs too), `?canvas=node|id` makes #save-canvas save the Canvas
 * node or its canvasId instead of a data URL.
 */
export const param = (name: string): string | null =>
  IN_BROWSER ? new URLSearchParams(location.search).get(name) : null

const MINI_SAMPLE_URL = process.env.TARO_APP_SAMPLE_URL || 'https://img.example.com/taro-save-to-album/sample.png'

/** The folder the demo's assets sit in, with a trailing slash. */
const ASSETS = IN_BROWSER ? `${location.origin}/` : MINI_SAMPLE_URL.replace(/[^/]*$/, '')

/** 网络图片 / the server image. */
export const SAMPLE_URL = IN_BROWSER ? param('src') || `${ASSETS}sample.png` : MINI_SAMPLE_URL

/** 九宫格 / the nine grid photos, numbered 1 to 9. */
export const GRID_URLS = Array.from({ length: 9 }, (_, i) => `${ASSETS}grid/${i}.png`)

/** 短视频 / the clip: a two-second H.264 MP4 of 9 KB. */
export const VIDEO_URL = `${ASSETS}sample.mp4`
