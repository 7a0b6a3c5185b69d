import fs from 'node:fs'
import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

/**
 * 示例直接依赖 `taro-save-to-album`（package.json 中的 `file:..`，即仓库根目录构建出的 dist），
 * 就像用户从 npm 安装一样。但 `file:..` 是一个软链接：库文件位于仓库根目录，
 * 它 import 的 react / @tarojs/taro 会从根目录的 node_modules 解析，打包进第二份 React
 * 和第二份 Taro 运行时（hooks 不共享，小程序端 API 未注册）。
 * 因此把这些包统一指向示例自己的 node_modules，保证产物里只有一份。
 *
 * The example links the package from `..`; resolve its peers from the example's own
 * node_modules so the bundle holds exactly one React and one @tarojs/taro runtime.
 */
const exampleModules = path.resolve(__dirname, '..', 'node_modules')
const SINGLETONS = [
  'react',
  '@tarojs/taro',
  '@tarojs/runtime',
  '@tarojs/shared',
  '@tarojs/api',
  '@tarojs/components',
  '@tarojs/react',
  // 小程序端 Taro 把 `@tarojs/components` 指向平台插件的 dist/components-react；库（taro-save-to-album/components）
  // 也 import 它，要从这里解析，否则会从仓库根目录打包第二份插件。
  // On mini programs Taro points `@tarojs/components` at the platform plugin's components-react;
  // the package's components entry imports it too, so resolve the plugins from here as well.
  ...['weapp', 'alipay', 'tt', 'swan', 'qq', 'jd'].map((p) => `@tarojs/plugin-platform-${p}`),
  // harmony-hybrid 的插件（仓库根目录的 devDependency）import React 框架插件的运行时。
  // The harmony-hybrid plugin (the root's devDependency) imports the React framework plugin's runtime.
  '@tarojs/plugin-framework-react',
]

/**
 * 把打包进产物的模块路径写到 dist/<平台>.modules.json，e2e 测试用它检查只有一份 React / Taro。
 * Lists the bundled modules in dist/<env>.modules.json so the e2e tests can check for duplicates.
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
 * 微信与 H5 的平台插件随 Taro 4.2.1 一起发布；其余平台的插件最新版是 4.2.0，单独安装（见 package.json），
 * 只注册本次构建的那一个：这些插件的 modifyRunnerOpts 不区分平台，全部注册会改动其他平台的构建。
 *
 * Taro's plugins for Alipay, ByteDance, Baidu, QQ and JD (4.2.0, their latest release) are
 * installed beside @tarojs/* 4.2.1. Only the target's own plugin is registered: their
 * `modifyRunnerOpts` hooks run whatever the platform, so registering all of them would change
 * every other target's build too.
 */
const PLATFORM_PLUGINS = ['alipay', 'tt', 'swan', 'qq', 'jd', 'harmony-hybrid']
const platformPlugins = PLATFORM_PLUGINS.includes(process.env.TARO_ENV || '')
  ? [`@tarojs/plugin-platform-${process.env.TARO_ENV}`]
  : []

// https://docs.taro.zone/docs/config
export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'taro-save-to-album-example',
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
    plugins: platformPlugins,
    defineConstants: {},
    // 小程序端下载的图片地址，可在构建时用环境变量覆盖 / override the weapp image URL at build time
    env: {
      TARO_APP_SAMPLE_URL: JSON.stringify(process.env.TARO_APP_SAMPLE_URL || ''),
    },
    copy: {
      // H5：示例图片放在站点根目录 /sample.png，与页面同源（下载无需 CORS）
      // H5: the sample image at /sample.png, same origin as the page (no CORS needed)
      patterns: process.env.TARO_ENV === 'h5' ? [{ from: 'src/assets/sample.png', to: 'dist/h5/sample.png' }] : [],
      options: {},
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: {
      enable: false,
    },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain(chain) {
        dedupe(chain)
      },
    },
    h5: {
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
