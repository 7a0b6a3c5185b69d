// What a consumer's production build keeps of one import, minified and gzipped: an entry that
// imports one name and uses it, bundled by esbuild with `process.env.TARO_ENV` and
// `process.env.NODE_ENV = "production"` defined as Taro's DefinePlugin defines them, and React,
// react-dom, Vue and every @tarojs/* package external (the app has them anyway). Shared by
// `npm run size`, `npm run size:check` and `npm run bench`.
import { build } from 'esbuild'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
/** The built ES module a bundler picks through `exports.import`. */
export const DIST = join(ROOT, 'dist', 'index.mjs')
/** Taro targets with an adapter of their own (qq and jd share weapp's). */
export const TARGETS = ['weapp', 'tt', 'alipay', 'swan', 'h5']
/**
 * The names a user imports on their own, each from the first entry of package.json `exports`
 * that has it, or `name (subpath)` from that entry: `useSaveToAlbum (vue)` is the Vue composable,
 * `taro-save-to-album/vue`, beside the React hook.
 */
export const ENTRIES = ['useSaveToAlbum', 'saveToAlbum', 'saveAll', 'SaveToAlbumButton', 'useSaveToAlbum (vue)']
/** The weapp budget of `useSaveToAlbum` alone (docs/performance.md): not met yet. */
export const BUDGET = 2048
/**
 * What `npm test` holds the same measure to until the budget is met: the size the package has
 * reached, so a change can only keep it or shrink it. Lower it whenever a change saves bytes.
 */
export const CEILING = 6009
/**
 * The same measure for the H5 build of `useSaveToAlbum`, which a web page downloads on every
 * visit: the size reached, held by `npm test` so it only goes down. Lower it whenever
 * a change saves bytes.
 */
export const H5_CEILING = 8509
export const EXTERNAL = ['react', 'react/*', 'react-dom', 'react-dom/*', 'vue', '@vue/*', '@tarojs/*']

/**
 * Bundles `contents` (an ES module) for `target`; resolves its min and min+gzip bytes, the code,
 * and esbuild's metafile. `alias`, `external` and `define` add to the defaults (for a compared
 * package whose build plugin defines more).
 *
 * @example
 * const { gzip } = await bundle(useOf('useSaveToAlbum', DIST), 'weapp')
 */
export async function bundle(contents, target, { alias, external = [], define = {}, resolveDir = ROOT } = {}) {
  const result = await build({
    stdin: { contents, resolveDir, loader: 'js', sourcefile: 'entry.js' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    target: 'es2018',
    platform: 'browser',
    metafile: true,
    logLevel: 'silent',
    external: [...EXTERNAL, ...external],
    alias,
    define: { 'process.env.TARO_ENV': JSON.stringify(target), 'process.env.NODE_ENV': '"production"', ...define },
  })
  const code = result.outputFiles[0].contents
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length, code: Buffer.from(code).toString('utf8'), metafile: result.metafile }
}

/**
 * An entry that imports `names` from `from` and calls each, as an app's code would: nothing
 * imported is left unused, so nothing is shaken away that a real use would keep.
 *
 * @example
 * useOf(['useImage'], 'taro-hooks') // import { useImage } from "taro-hooks"; export default … useImage(…)
 */
export function useOf(names, from) {
  const list = [names].flat()
  return `import { ${list.join(', ')} } from ${JSON.stringify(from)}\n` + `export default [${list.map((n) => `(...a) => ${n}(...a)`).join(', ')}]\n`
}

/**
 * Which built file each value export comes from, following package.json `exports` (the `import`
 * condition of `.`, then of every subpath such as `./components`): name → { file, specifier }.
 */
export async function distExports() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  const found = {}
  for (const [subpath, conditions] of Object.entries(pkg.exports || {})) {
    const target = conditions?.import?.default ?? conditions?.import ?? conditions?.default
    if (typeof target !== 'string' || !target.endsWith('.mjs')) continue
    // taro-save-to-album/testing*: loaded by an app's tests only, never by the app.
    if (subpath.startsWith('./testing')) continue
    const file = join(ROOT, target)
    if (!existsSync(file)) continue
    const result = await build({ entryPoints: [file], bundle: true, write: false, format: 'esm', metafile: true, logLevel: 'silent', external: EXTERNAL })
    const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`
    for (const name of Object.values(result.metafile.outputs)[0].exports) found[name] ??= { file, specifier }
  }
  return found
}

/** Throws when dist/ is missing or older than a file in src/: a size read from a stale build says nothing. */
export function assertFreshDist() {
  if (!existsSync(DIST)) throw new Error('dist/index.mjs is missing: run `npm run build` first.')
  const built = statSync(DIST).mtimeMs
  const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]))
  const newer = walk(join(ROOT, 'src')).filter((f) => statSync(f).mtimeMs > built)
  if (newer.length) throw new Error(`dist/ is older than ${newer.map((f) => f.slice(ROOT.length + 1)).join(', ')}: run \`npm run build\` first.`)
}

/** `name (subpath)` in ENTRIES: the name, imported from `taro-save-to-album/<subpath>`. */
const FROM_SUBPATH = /^(\w+) \(([\w/-]+)\)$/

/**
 * Where ENTRIES' `entry` is imported from: `{ name, file, specifier }`, or undefined where the
 * package does not export it (yet). `exported` is distExports().
 *
 * @example
 * sourceOf('useSaveToAlbum (vue)', await distExports()) // { name: 'useSaveToAlbum', file: '…/dist/vue.mjs', specifier: 'taro-save-to-album/vue' }
 */
export function sourceOf(entry, exported) {
  const [, name, subpath] = FROM_SUBPATH.exec(entry) ?? [entry, entry]
  if (!subpath) return exported[name] && { name, ...exported[name] }
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  const conditions = pkg.exports?.[`./${subpath}`]
  const target = conditions?.import?.default ?? conditions?.import ?? conditions?.default
  if (typeof target !== 'string' || !existsSync(join(ROOT, target))) return undefined
  return { name, file: join(ROOT, target), specifier: `${pkg.name}/${subpath}` }
}

/**
 * Bytes of each of `names` (ENTRIES' form) alone from the built package, imported from the entry
 * that exports it, per target; `undefined` where the package does not export it (yet).
 *
 * @example
 * await entrySizes(['weapp'], ['useSaveToAlbum']) // { useSaveToAlbum: { weapp: { min, gzip, from } } }
 */
export async function entrySizes(targets = TARGETS, names = ENTRIES) {
  const exported = await distExports()
  const out = {}
  for (const entry of names) {
    out[entry] = {}
    const source = sourceOf(entry, exported)
    for (const target of targets) {
      if (!source) out[entry][target] = undefined
      else {
        const { min, gzip } = await bundle(useOf(source.name, source.file), target)
        out[entry][target] = { min, gzip, from: source.specifier }
      }
    }
  }
  return out
}
