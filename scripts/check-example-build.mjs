// Checks one target's build of a demo app (example/dist/<target>, example-vue/dist/<target>) after
// `taro build`:
//  - the entry and the project file its DevTools reads are there;
//  - the package's adapter for that target is the one in the output, and no other adapter is
//    (ADAPTER_MARKERS in example-targets.mjs);
//  - the bundle holds one copy of each package, all from the app's node_modules, plus the package's
//    own dist/ (a second React, Vue or Taro runtime breaks hooks, reactivity and API registration).
// Each check returns the list of problems found; an empty list means the build is right.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { transformSync } from 'esbuild'
import { ADAPTER_MARKERS, APPS, TARGETS, distDir, root } from './example-targets.mjs'

/** Every file under `dir` whose name ends with `ext`. */
function filesUnder(dir, ext) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => join(e.parentPath ?? e.path, e.name))
}

/**
 * The build's entry and its DevTools project file.
 * @example checkFiles('tt') // → [] when dist/tt/app.js and dist/tt/project.config.json exist
 */
export function checkFiles(target, app = 'example') {
  const { projectConfig, entry = 'app.js' } = TARGETS[target]
  const wanted = [entry, projectConfig].filter(Boolean)
  return wanted
    .filter((file) => !existsSync(join(distDir(target, app), file)))
    .map((file) => `no ${file} in ${relative(root, distDir(target, app))}`)
}

/**
 * Markers the package's built dist/index.mjs no longer matches (comments stripped): renamed in
 * src/platform/, so ADAPTER_MARKERS in example-targets.mjs needs the new pattern.
 * @example staleMarkers() // → [] while every marker is still in the package
 */
export function staleMarkers() {
  const pkg = transformSync(readFileSync(join(root, 'dist', 'index.mjs'), 'utf8'), { loader: 'js', legalComments: 'none' }).code
  return Object.entries(ADAPTER_MARKERS)
    .filter(([, marker]) => !marker.test(pkg))
    .map(([family, marker]) => `the ${family} marker ${marker} matches nothing in dist/index.mjs any more: update ADAPTER_MARKERS in scripts/example-targets.mjs`)
}

/**
 * The output JS must match the target's own adapter markers and none of the others'.
 * @example checkAdapter('tt') // → ['dist/tt holds the wechat adapter (/scope\\.writePhotosAlbum/) as well'] if tree-shaking kept it
 */
export function checkAdapter(target, app = 'example') {
  const own = TARGETS[target].adapters
  const code = filesUnder(distDir(target, app), '.js').map((f) => readFileSync(f, 'utf8')).join('\n')
  const where = relative(APPS[app].dir, distDir(target, app))
  const problems = []
  for (const [family, marker] of Object.entries(ADAPTER_MARKERS)) {
    const found = marker.test(code)
    if (own.includes(family) && !found) problems.push(`${where} lacks its own ${family} adapter (${marker})`)
    if (!own.includes(family) && found) problems.push(`${where} holds the ${family} adapter (${marker}) as well`)
  }
  return problems
}

/**
 * Every bundled module comes from the app (its node_modules or src, or the files it shares with
 * another app) or the package's dist/, and each of the app's singletons (React or Vue, each
 * @tarojs package) from one folder. Reads <app>/dist/<target>.modules.json (written by the
 * ModuleListPlugin in its config/index.ts).
 * @example checkSingleCopies('weapp') // → [] for one React, one @tarojs/runtime, …
 */
export function checkSingleCopies(target, app = 'example') {
  const { dir, singletons, shares } = APPS[app]
  const list = join(dir, 'dist', `${target}.modules.json`)
  if (!existsSync(list)) return [`no ${relative(root, list)}: the ModuleListPlugin did not run`]
  const modules = JSON.parse(readFileSync(list, 'utf8'))
  const { fromRoot, twice = [] } = TARGETS[target]
  const fromRootDir = (m) => !!fromRoot && m.startsWith(join(root, 'node_modules') + '/') && fromRoot.test(m)
  const problems = modules
    .filter((m) => !m.startsWith(dir + '/') && !(shares && m.startsWith(shares + '/')) && !m.startsWith(join(root, 'dist') + '/') && !fromRootDir(m))
    .map((m) => `${target} bundles ${m}, outside ${app}/ and the package's dist/`)
  const folders = new Map()
  for (const m of modules) {
    const hit = /^(.*\/node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(m)
    if (hit && singletons.test(hit[2])) folders.set(hit[2], new Set(folders.get(hit[2])).add(hit[1]))
  }
  for (const [name, dirs] of folders) {
    if (dirs.size > (twice.includes(name) ? 2 : 1)) problems.push(`${target} bundles ${dirs.size} copies of ${name}: ${[...dirs].map((d) => relative(root, d)).join(', ')}`)
  }
  return problems
}

/**
 * All checks of one target's build of `app` (default example).
 * @example checkBuild('alipay') // → [] when the Alipay build is complete and right
 */
export const checkBuild = (target, app = 'example') => [...checkFiles(target, app), ...checkAdapter(target, app), ...checkSingleCopies(target, app)]
