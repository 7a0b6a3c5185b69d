import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export const ROOT = join(__dirname, '..')
export const EXAMPLE = join(ROOT, 'example')
/** The Vue 3 demo: the same page through taro-save-to-album/vue (weapp and h5 builds). */
export const EXAMPLE_VUE = join(ROOT, 'example-vue')
export const ARTIFACTS = join(ROOT, '.e2e-artifacts')
/**
 * The screenshots the docs show, as this run took them: under `.e2e-artifacts/` (gitignored), so
 * that a run leaves the working tree as it was. `npm run docs:images` copies them to docs/images.
 */
export const DOCS_IMAGES = join(ARTIFACTS, 'docs-images')

export const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
export const JPEG_MAGIC = [0xff, 0xd8, 0xff]

export function imageKind(bytes: Uint8Array): 'png' | 'jpeg' | null {
  const starts = (m: number[]) => bytes.length >= m.length && m.every((b, i) => bytes[i] === b)
  if (starts(PNG_MAGIC)) return 'png'
  if (starts(JPEG_MAGIC)) return 'jpeg'
  return null
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return { width: v.getUint32(16), height: v.getUint32(20) }
}

/**
 * The modules a build of `app` (default example/) bundled (written by its webpack config to
 * <app>/dist/<target>.modules.json), grouped by package folder: `copies['react']` lists every
 * folder React was bundled from. One React and one Taro runtime means one folder each, inside
 * the app's node_modules; the package itself comes from the repository's dist/.
 */
export function bundledPackages(target: 'h5' | 'weapp', app = EXAMPLE) {
  const file = join(app, 'dist', `${target}.modules.json`)
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build:example\` first.`)
  const modules: string[] = JSON.parse(readFileSync(file, 'utf8'))
  const copies: Record<string, string[]> = {}
  for (const m of modules) {
    const hit = /^(.*\/node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(m)
    if (!hit) continue
    const [, dir, name] = hit
    copies[name] ??= []
    if (!copies[name].includes(dir)) copies[name].push(dir)
  }
  const outside = modules.filter((m) => !m.startsWith(app + '/'))
  return { modules, copies, outside }
}
