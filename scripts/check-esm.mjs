// The built package loads in plain Node, the way vitest and other ESM test runners load a
// dependency (issue 8, point 11): `import … from 'taro-save-to-album'` and
// `require('taro-save-to-album')` from a consumer project, for every Taro target the demo is built
// for and for no target at all; the same for the Vue entry, `taro-save-to-album/vue`. Run by `npm run test:e2e` after `npm run build`; exits 1 on any failure.
//
// Each probe runs in its own `node` process with only what a Taro build defines at compile time:
// `process.env.TARO_ENV` and the `ENABLE_*` flags @tarojs/runtime reads when it loads (Taro's
// bundler replaces them; a vitest setup file would define them the same way).
//
//   node scripts/check-esm.mjs
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ALL_TARGETS } from './example-targets.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
/** Every target the demo is built for, and none (a target without an adapter). */
const TARGETS = [...ALL_TARGETS, undefined]

/** The package's entries probed, each with the name of its build in dist/. */
const ENTRIES = [
  { specifier: 'taro-save-to-album', build: 'index' },
  { specifier: 'taro-save-to-album/vue', build: 'vue' },
]

/** The value (not type-only) exports dist/<build>.d.mts declares: what both builds must export. */
function declaredValueExports(build) {
  const ts = require('typescript')
  const file = join(ROOT, 'dist', `${build}.d.mts`)
  const program = ts.createProgram([file], { noEmit: true, skipLibCheck: true })
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(file)
  if (!source) throw new Error(`${file} is missing: run \`npm run build\` first.`)
  const moduleSymbol = checker.getSymbolAtLocation(source)
  return checker
    .getExportsOfModule(moduleSymbol)
    .filter((s) => {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s
      return (target.flags & ts.SymbolFlags.Value) !== 0
    })
    .map((s) => s.name)
    .sort()
}

// The probe both module systems run: load the package, report what it exports and where it
// came from. Without a target there is no platform: a save must then be refused with the
// package's own error (plain Node has no wx or browser to run a weapp or H5 save against).
const probeBody = (load, resolved) => `
for (const flag of ['INNER_HTML', 'ADJACENT_HTML', 'SIZE_APIS', 'TEMPLATE_CONTENT', 'CLONE_NODE', 'CONTAINS', 'MUTATION_OBSERVER']) {
  globalThis['ENABLE_' + flag] = true
}
const run = async () => {
  const lib = ${load}
  const names = Object.keys(lib).filter((n) => n !== '__esModule' && n !== 'default').sort()
  const undefinedNames = names.filter((n) => lib[n] === undefined)
  let refusal = null
  if (!process.env.TARO_ENV) {
    try {
      await lib.saveToAlbum('https://example.com/a.png')
      refusal = 'resolved'
    } catch (e) {
      refusal = (e instanceof lib.SaveToAlbumError ? '' : 'not a SaveToAlbumError: ') + e.code
    }
  }
  process.stdout.write(JSON.stringify({ resolved: ${resolved}, names, undefinedNames, refusal }))
}
run().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e))
  process.exit(1)
})
`

const probesOf = ({ specifier, build }) => ({
  esm: {
    file: `probe-${build}.mjs`,
    code: probeBody(`await import('${specifier}')`, `import.meta.resolve('${specifier}')`),
    entry: join(ROOT, 'dist', `${build}.mjs`),
  },
  cjs: {
    file: `probe-${build}.cjs`,
    code: probeBody(`require('${specifier}')`, `require.resolve('${specifier}')`),
    entry: join(ROOT, 'dist', `${build}.js`),
  },
})
const PROBES = ENTRIES.flatMap((entry) => Object.values(probesOf(entry)))

/** A consumer project whose node_modules/taro-save-to-album is this repository (as `npm link` makes it). */
function makeConsumer() {
  const dir = mkdtempSync(join(tmpdir(), 'save-to-album-esm-'))
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(ROOT, join(dir, 'node_modules', 'taro-save-to-album'), 'dir')
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }))
  for (const { file, code } of PROBES) writeFileSync(join(dir, file), code)
  return dir
}

/** Runs one probe; returns the list of problems (empty when it passed). */
function check(dir, { file, entry }, target, expected) {
  const env = { ...process.env, NODE_OPTIONS: '' }
  if (target) env.TARO_ENV = target
  else delete env.TARO_ENV
  const child = spawnSync(process.execPath, [file], { cwd: dir, env, encoding: 'utf8', timeout: 30_000 })
  if (child.status !== 0) return [`exited ${child.status ?? child.signal}:\n${child.stderr.trim()}`]
  const out = JSON.parse(child.stdout)
  const problems = []
  const resolved = realpathSync(out.resolved.startsWith('file:') ? fileURLToPath(out.resolved) : out.resolved)
  if (resolved !== entry) problems.push(`resolved to ${resolved}, expected ${entry}`)
  if (out.names.join() !== expected.join()) problems.push(`exports [${out.names}], the types declare [${expected}]`)
  if (out.undefinedNames.length) problems.push(`undefined exports: ${out.undefinedNames}`)
  if (!target && out.refusal !== 'UNSUPPORTED_PLATFORM') {
    problems.push(`saveToAlbum() without a target ended ${out.refusal}, expected a SaveToAlbumError UNSUPPORTED_PLATFORM`)
  }
  if (child.stderr.trim()) problems.push(`wrote to stderr:\n${child.stderr.trim()}`)
  return problems
}

const dir = makeConsumer()
let failed = 0
try {
  for (const entry of ENTRIES) {
    const expected = declaredValueExports(entry.build)
    if (expected.length === 0) throw new Error(`dist/${entry.build}.d.mts declares no value exports`)
    for (const [kind, probe] of Object.entries(probesOf(entry))) {
      for (const target of TARGETS) {
        const label = `${entry.specifier} ${kind} TARO_ENV=${target ?? '(unset)'}`
        const problems = check(dir, probe, target, expected)
        if (problems.length === 0) {
          console.log(`ok    ${label}: ${expected.join(', ')}`)
        } else {
          failed++
          console.error(`FAIL  ${label}\n      ${problems.join('\n      ')}`)
        }
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
if (failed) {
  console.error(`\n✖ The built package does not load in plain Node (${failed} probe(s) failed).`)
  process.exit(1)
}
