// Reports what a build for each Taro target keeps of the package, minified and gzipped: the
// built dist/index.mjs, with TARO_ENV defined as Taro's DefinePlugin does, react and
// @tarojs/taro external. Run after `npm run build`.
import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'

const BUDGET = 2048
for (const target of ['weapp', 'tt', 'h5']) {
  const { outputFiles } = await build({
    entryPoints: ['dist/index.mjs'],
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    target: 'es2018',
    external: ['react', '@tarojs/taro'],
    define: { 'process.env.TARO_ENV': JSON.stringify(target), 'process.env.NODE_ENV': '"production"' },
  })
  const code = outputFiles[0].contents
  const gz = gzipSync(code, { level: 9 }).length
  console.log(`${target.padEnd(6)} ${String(code.length).padStart(6)} B min  ${String(gz).padStart(5)} B min+gzip${target === 'weapp' ? `  (budget ${BUDGET} B)` : ''}`)
}
