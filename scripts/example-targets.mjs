// The Taro targets the demo apps are built for (the React demo in example/, the Vue 3 demo in
// example-vue/): where each build is opened, the project file its DevTools reads, and which of the
// package's adapters the build must hold.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..')
export const exampleDir = join(root, 'example')

/**
 * What only one of the package's platform adapters (src/platform/) puts in a build. A build
 * keeps its own adapter and drops the others, so its output matches its own markers and no
 * other. Patterns allow for both the package's dist/ and a minifier's output (quotes, spaces).
 * Each is matched against the package's dist/index.mjs first (comments stripped), so a renamed
 * string is reported as a stale marker rather than as a wrong build.
 */
export const ADAPTER_MARKERS = {
  // src/platform/weapp.ts, as weapp/qq/jd/swan call it: WeChat's album scope.
  wechat: /scope\.writePhotosAlbum/,
  // src/platform/swan.ts: Baidu's wording of a refusal, in its code table.
  baidu: /user deny/,
  // src/platform/tt.ts: ByteDance's album scope.
  bytedance: /scope\.album/,
  // src/platform/alipay.ts: Alipay's code for a refused authorisation, in its code table (its
  // album key is the bare `album`, too common a word to look for).
  alipay: /\b2001['"]?:\s*['"]AUTH_DENIED['"]/,
  // src/platform/h5/handover.ts: the attribute of the long-press overlay (Taro's H5 runtime has no such string).
  h5: /data-save-to-album/,
  // src/platform/harmony.ts: its fallback folder, after `||` (the plugin has the same path, as `USER_DATA_PATH:`).
  harmony: /\|\|\s*['"]internal:\/\/files['"]/,
}

/**
 * @typedef {object} Target
 * @property {string} devtools   what opens the build
 * @property {string[]} adapters  the keys of ADAPTER_MARKERS the build must match (and no other)
 * @property {string | null} projectConfig  the file Taro writes into the build for its DevTools
 * @property {string | null} projectSource  the file in example/ it is made from
 * @property {string} [entry]  the build's entry file (default app.js; index.html for a web build)
 * @property {RegExp} [fromRoot]  bundled modules allowed from the repository root's node_modules
 * @property {string[]} [twice]  packages the build may hold two copies of
 */

/** @type {Record<string, Target>} */
export const TARGETS = {
  weapp: {
    devtools: '微信开发者工具 / WeChat DevTools',
    adapters: ['wechat'],
    projectConfig: 'project.config.json',
    projectSource: 'project.config.json',
  },
  tt: {
    devtools: '抖音开发者工具 / Douyin (ByteDance) DevTools',
    adapters: ['bytedance'],
    projectConfig: 'project.config.json',
    projectSource: 'project.tt.json',
  },
  alipay: {
    devtools: '支付宝小程序开发者工具 / Alipay Mini Program Studio',
    adapters: ['alipay'],
    projectConfig: 'mini.project.json',
    projectSource: 'project.alipay.json',
  },
  swan: {
    devtools: '百度开发者工具 / Baidu Smart Program DevTools',
    adapters: ['wechat', 'baidu'],
    projectConfig: 'project.swan.json',
    projectSource: 'project.swan.json',
  },
  qq: {
    devtools: 'QQ 小程序开发者工具 / QQ Mini Program DevTools',
    adapters: ['wechat'],
    projectConfig: 'project.config.json',
    projectSource: 'project.qq.json',
  },
  jd: {
    devtools: '京东小程序开发者工具 / JD Mini Program DevTools',
    adapters: ['wechat'],
    projectConfig: 'project.config.json',
    projectSource: 'project.jd.json',
  },
  h5: {
    devtools: '浏览器 / a browser (`npm run demo` serves it)',
    adapters: ['h5'],
    projectConfig: null,
    projectSource: null,
    entry: 'index.html',
  },
  'harmony-hybrid': {
    devtools: 'HarmonyOS 壳工程的 WebView / the WebView of a HarmonyOS shell app (this folder is its H5 bundle)',
    // Its adapter reads WeChat's album scope key too (the shell reports it so).
    adapters: ['harmony', 'wechat'],
    projectConfig: null,
    projectSource: null,
    entry: 'index.html',
    // Taro's plugin (4.1.11, its latest) is the root's devDependency; npm resolves the example's
    // copy through the `file:..` link, so the plugin and the packages only it uses come from the
    // root's node_modules. It pins @tarojs/components 4.1.11 for its own components.
    fromRoot: /\/node_modules\/(@tarojs\/plugin-platform-harmony-hybrid|@babel\/runtime|tslib|lodash-es|query-string|decode-uri-component|filter-obj|split-on-first|base64-js|whatwg-fetch|jsonp-retry|abortcontroller-polyfill|history|ics|nanoid|runes2|yup|property-expr|tiny-case|toposort|is-mobile|platform|path-to-regexp|universal-router|style-inject)\//,
    twice: ['@tarojs/components'],
  },
}

export const ALL_TARGETS = Object.keys(TARGETS)

/**
 * @typedef {object} App
 * @property {string} dir  the Taro project
 * @property {string[]} targets  what `npm run build:example` builds it for
 * @property {RegExp} singletons  packages that break when bundled twice (the framework's and Taro's)
 * @property {string} [shares]  a folder of another app whose framework-free files it imports
 */

/** The demo apps, by folder name. @type {Record<string, App>} */
export const APPS = {
  // React's hooks and Taro's runtime and API registry.
  example: { dir: exampleDir, targets: ALL_TARGETS, singletons: /^(react|react-dom|react-reconciler|scheduler|@tarojs\/.+)$/ },
  // The same page through taro-save-to-album/vue; it imports the React demo's framework-free
  // files (what it saves, the poster's drawing, the status words) from example/src.
  'example-vue': {
    dir: join(root, 'example-vue'),
    targets: ['weapp', 'h5'],
    singletons: /^(vue|@vue\/.+|@tarojs\/.+)$/,
    shares: join(exampleDir, 'src'),
  },
}

/**
 * Where `taro build --type <target>` writes for `app` (its config/index.ts: outputRoot).
 * @example distDir('weapp', 'example-vue') // → <root>/example-vue/dist/weapp
 */
export const distDir = (target, app = 'example') => join(APPS[app].dir, 'dist', target)
