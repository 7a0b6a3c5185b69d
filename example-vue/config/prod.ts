import type { UserConfigExport } from '@tarojs/cli'

// 生产构建：不生成 source map，保持构建快速（CI 也用这个配置）
export default {
  mini: {
    enableSourceMap: false,
  },
  h5: {
    enableSourceMap: false,
  },
} satisfies UserConfigExport<'webpack5'>
