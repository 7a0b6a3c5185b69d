import fs from 'node:fs'
import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

/**
 * Vue 3 示例，和 example/（React）一样直接依赖 `taro-save-to-album`（`file:..`，仓库根目录构建出的 dist）。
 * `file:..` 是软链接：库 import 的 vue / @tarojs/taro 会从根目录的 node_modules 解析，打包进第二份 Vue
 * 和第二份 Taro 运行时（响应式不共享，小程序端 API 未注册）。因此把这些包统一指向示例自己的 node_modules。
 *
 * The Vue 3 demo links the package from `..` as example/ does; resolve its peers from this demo's
 * own node_modules so the bundle holds exactly one Vue and one @tarojs/taro runtime.
 */
const exampleModules = path.resolve(__dirname, '..', 'node_modules')
const SINGLETONS = [
  'vue',
  '@tarojs/taro',
  '@tarojs/runtime',
  '@tarojs/shared',
  '@tarojs/api',
  '@tarojs/components',
  '@tarojs/plugin-platform-weapp',
  '@tarojs/plugin-framework-vue3',
]

/**
 * 把打包进产物的模块路径写到 dist/<平台>.modules.json，构建检查和 e2e 测试用它确认只有一份 Vue / Taro。
 * Lists the bundled modules in dist/<env>.modules.json so the checks can look for duplicates.
 */
class ModuleListPlugin {
  apply(compiler: any) {
    compiler.hooks.done.tap('ModuleListPlugin', (stats: any) => {
      const files = new Set<string>()
      for (const m of stats.compilation.modules) {
        const r = m.resource || (m.rootModule && m.rootModule.resource)
        if (r && !r.startsWith('data:')) files.add(r.split('?')[0])
        for (const inner of m.modules || []) if (inner.resource) files.add(inner.resource.split('?')[0])
      }
      const out = path.resolve(__dirname, '..', 'dist', `${process.env.TARO_ENV}.modules.json`)
      fs.mkdirSync(path.dirname(out), { recursive: true })
      fs.writeFileSync(out, JSON.stringify([...files].sort(), null, 1))
    })
  }
}

function dedupe(chain: any) {
  chain.plugin('moduleList').use(ModuleListPlugin)
  const alias = chain.resolve.alias
  for (const name of SINGLETONS) {
    // Taro 自己设置过的别名（如 H5 的 @tarojs/taro → @tarojs/taro-h5）优先，不覆盖
    if (!alias.has(name)) alias.set(name, path.join(exampleModules, name))
  }
}

/**
 * 与 React 示例共用的、与框架无关的文件（素材地址、海报画法、状态文字、图片），在 example/src 下；
 * 它们的 TypeScript 也要经过 babel 编译（Taro 默认只编译 sourceRoot 内的文件）。
 * What this demo shares with the React demo (what is saved, the poster's drawing, the status
 * words, the images) lives in example/src; Taro compiles only files under sourceRoot unless told.
 */
const SHARED = path.resolve(__dirname, '..', '..', 'example', 'src')
const ASSETS = '../example/src/assets'

// https://docs.taro.zone/docs/config
export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'taro-save-to-album-example-vue',
    date: '2025-1-1',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    // dist/<平台> 给该平台的开发者工具（dist/h5 给浏览器）/ one folder per target's DevTools
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {},
    // 小程序端下载的图片地址，可在构建时用环境变量覆盖 / override the weapp image URL at build time
    env: {
      TARO_APP_SAMPLE_URL: JSON.stringify(process.env.TARO_APP_SAMPLE_URL || ''),
    },
    copy: {
      // H5：示例图片放在站点根目录 /sample.png，与页面同源（下载无需 CORS）
      // H5: the sample image at /sample.png, same origin as the page (no CORS needed)
      patterns: process.env.TARO_ENV === 'h5' ? [{ from: `${ASSETS}/sample.png`, to: 'dist/h5/sample.png' }] : [],
      options: {},
    },
    framework: 'vue3',
    compiler: 'webpack5',
    cache: {
      enable: false,
    },
    mini: {
      compile: { include: [SHARED] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain(chain) {
        dedupe(chain)
      },
    },
    h5: {
      compile: { include: [SHARED] },
      publicPath: '/',
      staticDirectory: 'static',
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain(chain) {
        dedupe(chain)
      },
    },
  }

  if (process.env.NODE_ENV === 'development') {
    // 本地开发构建配置（不混淆压缩）
    return merge({}, baseConfig, devConfig)
  }
  // 生产构建配置（默认开启压缩混淆等）
  return merge({}, baseConfig, prodConfig)
})
