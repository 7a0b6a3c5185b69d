// A Vue-only Taro project from the outside (issue 20, point 5): the packed package is installed
// into a copy of e2e/consumers/vue (vue, @tarojs/taro, @tarojs/components; no React, peer
// conflicts are errors there), which must neither install React nor warn about it; then every
// ```vue block of the README and docs (check-readme.mjs's documents) is written there as its own
// single-file component and type-checked with vue-tsc against the installed package; then
// lib-check/ with skipLibCheck off, on that Vue and on the oldest of the peer range.
// Called by scripts/check-consumer.mjs with the tarball it packed (one `npm pack` for all consumers);
//   node scripts/check-vue-consumer.mjs [file.md …]   packs and checks on its own.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { codeBlocks, documents } from './check-readme.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const CONSUMER = join(ROOT, 'e2e', 'consumers', 'vue')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'

/** Runs a command in `cwd`; returns `[ok, output]`, stdout then stderr (where npm writes its warnings). */
function attempt(command, args, cwd) {
  const run = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  return [run.status === 0, `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? String(run.error) : ''}`]
}

/**
 * The ```vue blocks of `paths`, each under the name of the file it is written to
 * (`README.md-line-40.vue`), with the document and line it came from.
 *
 * @example
 * vueBlocks([join(ROOT, 'README.md')]) // → Map { 'README.md-line-40.vue' => { doc, line, code } }
 */
export function vueBlocks(paths) {
  const files = new Map()
  for (const path of paths) {
    const doc = relative(ROOT, path) || path
    for (const block of codeBlocks(readFileSync(path, 'utf8'))) {
      if (block.lang === 'vue') files.set(`${doc.replace(/[\\/]/g, '-')}-line-${block.line}.vue`, { ...block, doc })
    }
  }
  return files
}

/**
 * Installs `tarball` into a copy of the Vue consumer under `work`, checks that it brought no React
 * and no peer warning about it, and type-checks the ```vue blocks of `paths` there with vue-tsc.
 * Returns the failures, each a message to print (empty when all passed).
 *
 * @example
 * const failures = checkVueConsumer('/tmp/x/taro-save-to-album-0.1.0.tgz', '/tmp/x')
 */
export function checkVueConsumer(tarball, work, paths = documents()) {
  const project = join(work, 'vue')
  mkdirSync(project)
  cpSync(CONSUMER, project, { recursive: true })
  const [installed, installLog] = attempt(npm, ['install', '--no-audit', '--no-fund', tarball], project)
  if (!installed) return [`${installLog}\n✖ npm install of the packed package failed in the Vue consumer project (no React there)`]
  const failures = []
  // npm prints a peer it could not satisfy, or one it overrode, as a warning naming the package.
  const reactWarnings = installLog.split('\n').filter((line) => /peer/i.test(line) && /\breact\b/i.test(line))
  if (reactWarnings.length) failures.push(`${reactWarnings.join('\n')}\n✖ installing the packed package into a Vue-only project warns about react`)
  const react = ['react', 'react-dom'].filter((name) => existsSync(join(project, 'node_modules', name)))
  if (react.length) failures.push(`✖ installing the packed package into a Vue-only project installed ${react.join(' and ')} (npm ls: ${attempt(npm, ['ls', ...react], project)[1].trim()})`)

  const files = vueBlocks(paths)
  if (!files.size) return [...failures, `✖ no \`\`\`vue blocks in ${paths.map((p) => relative(ROOT, p)).join(', ')}: the README's Vue section is gone`]
  for (const [file, block] of files) writeFileSync(join(project, file), block.code)
  const [typed, tscLog] = attempt(npx, ['vue-tsc', '--noEmit', '-p', '.'], project)
  if (!typed) {
    // vue-tsc reports `<file>.vue(<line>,<column>): error TS…`: point at the document's line instead.
    const located = tscLog.replace(/^([^\s(]+\.vue)\((\d+),(\d+)\)/gm, (whole, file, line, column) => {
      const block = files.get(file)
      return block ? `${block.doc}:${block.line + Number(line)}:${column}` : whole
    })
    failures.push(`${located}\n✖ the \`\`\`vue blocks of the README and docs do not type-check with vue-tsc in a Vue-only Taro project`)
  } else if (!failures.length) {
    const vue = JSON.parse(readFileSync(join(project, 'node_modules', 'vue', 'package.json'), 'utf8')).version
    console.log(`ok    the packed package installs into a Vue ${vue} Taro project with no React and no peer warning; ${files.size} vue blocks of the README and docs type-check there with vue-tsc`)
  }
  return [...failures, ...checkVueTypes(project, 'installed'), ...checkVueTypes(project, oldestVue())]
}

/** The oldest Vue minor the package's peer range allows (`^3.3.0` → `~3.3.0`). */
const oldestVue = () => JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).peerDependencies.vue.replace(/^\^(\d+\.\d+)\..*$/, '~$1.0')

/**
 * Type-checks e2e/consumers/vue/lib-check (both Vue entries and the button in a template) with
 * skipLibCheck off in `project`, on `version` of Vue installed there first (or the one installed):
 * our d.ts must compile, and keep the button's prop types, on every Vue of the peer range.
 *
 * @example
 * checkVueTypes(project, '~3.3.0') // → [] when the d.ts compiles on Vue 3.3
 */
function checkVueTypes(project, version) {
  if (version !== 'installed') {
    const [installed, installLog] = attempt(npm, ['install', '--no-save', '--no-audit', '--no-fund', `vue@${version}`], project)
    if (!installed) return [`${installLog}\n✖ npm install vue@${version} failed in the Vue consumer project`]
  }
  const vue = JSON.parse(readFileSync(join(project, 'node_modules', 'vue', 'package.json'), 'utf8')).version
  const [typed, tscLog] = attempt(npx, ['vue-tsc', '--noEmit', '-p', 'lib-check'], project)
  if (!typed) return [`${tscLog}\n✖ the package's Vue types do not compile with skipLibCheck off on Vue ${vue} (the peer range allows it)`]
  console.log(`ok    the package's Vue types compile with skipLibCheck off on Vue ${vue}, and type the button in a template`)
  return []
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const paths = process.argv.length > 2 ? process.argv.slice(2).map((p) => join(process.cwd(), p)) : documents()
  const work = realpathSync(mkdtempSync(join(tmpdir(), 'save-to-album-vue-')))
  try {
    // --ignore-scripts: dist/ is built already, and `prepare` would install the demo apps.
    const [packed, packLog] = attempt(npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], ROOT)
    if (!packed) throw new Error(packLog)
    const failures = checkVueConsumer(join(work, packLog.trim().split('\n').pop()), work, paths)
    if (failures.length) {
      console.error(failures.join('\n\n'))
      process.exitCode = 1
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
