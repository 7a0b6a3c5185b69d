// Part 1 of `npm run bench`: the bytes a consumer's production build keeps, per entry and target,
// beside taro-hooks' useImage and the seed snippet measured the same way, and where the weapp
// `useSaveToAlbum` bytes go (per source module, and in string literals).
import { build } from 'esbuild'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { bundle, DIST, ENTRIES, entrySizes, EXTERNAL, ROOT, TARGETS, useOf } from './size-lib.mjs'

const require = createRequire(import.meta.url)
const SEED = join(ROOT, 'bench', 'fixtures', 'seed.js')

/**
 * taro-hooks needs its build plugin (@taro-hooks/plugin-react) in the app's Taro config, and the
 * plugin changes the build: it aliases `@taro-hooks/core` to its runtime, which re-exports
 * React's hooks (so, with React external, external too), and defines `TARO_ENV` (the target in
 * capitals), `__TARO_HOOKS_REACT__` and `__TARO_HOOKS_VUE__`. Nothing else is changed: a Taro
 * build resolves node_modules files without platform suffixes, so `useImage/utils/index.js`
 * (which re-exports @tarojs/taro's save) is what every target gets, h5 included.
 */
const taroHooksBuild = (target) => ({
  external: ['@taro-hooks/core'],
  define: { TARO_ENV: JSON.stringify(target.toLocaleUpperCase()), __TARO_HOOKS_REACT__: 'true', __TARO_HOOKS_VUE__: 'false' },
})

/** Bytes per entry and target: ours, taro-hooks' useImage, the seed (both snippets). */
export async function measureBundles() {
  const ours = await entrySizes(TARGETS, ENTRIES)
  const useImage = {}
  const seed = {}
  for (const target of TARGETS) {
    const th = await bundle(useOf('useImage', 'taro-hooks'), target, taroHooksBuild(target))
    useImage[target] = { min: th.min, gzip: th.gzip }
    const s = await bundle(useOf(['saveServerImage', 'saveBase64Image'], SEED), target)
    seed[target] = { min: s.min, gzip: s.gzip }
  }
  return { ours, useImage, seed, version: { 'taro-hooks': require('taro-hooks/package.json').version, esbuild: require('esbuild/package.json').version } }
}

const STRING = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g

/**
 * Where the bytes of `name` alone for `target` go: minified bytes per source module (the same
 * entry bundled from src/ so esbuild can attribute them), the string literals of the built
 * bundle by length, and how many gzip bytes those strings cost (the bundle gzipped with every
 * literal emptied, subtracted from the real one).
 */
export async function whereBytesGo(name = 'useSaveToAlbum', target = 'weapp') {
  const fromSrc = await build({
    stdin: { contents: useOf(name, join(ROOT, 'src', 'index.ts')), resolveDir: ROOT, loader: 'js' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    target: 'es2018',
    metafile: true,
    logLevel: 'silent',
    external: EXTERNAL,
    define: { 'process.env.TARO_ENV': JSON.stringify(target), 'process.env.NODE_ENV': '"production"' },
  })
  const inputs = Object.values(fromSrc.metafile.outputs)[0].inputs
  const modules = Object.entries(inputs)
    .map(([file, { bytesInOutput }]) => ({ module: file.replace(/^.*?src\//, 'src/'), min: bytesInOutput }))
    .filter((m) => m.min > 0)
    .sort((a, b) => b.min - a.min)
  const built = await bundle(useOf(name, DIST), target)
  // A template literal's text without its `${…}` code (one level of nested braces is enough here).
  const strings = (built.code.match(STRING) || []).map((s) => s.slice(1, -1).replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, '${…}'))
  const emptied = built.code.replace(STRING, (s) => s[0] + s[0])
  const stringGzip = built.gzip - gzipSync(emptied, { level: 9 }).length
  const top = [...new Set(strings)].sort((a, b) => b.length - a.length).slice(0, 15)
  return {
    entry: name,
    target,
    gzip: built.gzip,
    min: built.min,
    modules,
    strings: { count: strings.length, min: strings.reduce((n, s) => n + s.length + 2, 0), gzip: stringGzip, longest: top },
  }
}
