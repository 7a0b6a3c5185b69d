// `npm run bench`: every part measured in one run, printed as one table (each comparison as a
// ratio, ours ÷ theirs) and written to bench/results.json. Reports; never gates. Parts:
//   1 bundle bytes (esbuild)       2 React commits per save      3 the base64 path's JS work
//   4 batches                      5 H5 in Chromium              6 platform calls per flow
// Parts 2, 3, 4 and 6 run as Jest files (bench/*.bench.ts[x]) over the unit tests' simulated
// runtimes; part 5 and the H5 row of part 6 in Debian's Chromium. Run after `npm run build`
// (the npm script builds first). A run where a part fails writes bench/.out/results.partial.json
// instead, and exits 1.
import { execSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, totalmem, type as osType, release } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { measureBundles, whereBytesGo } from './bench-bundle.mjs'
import { benchH5 } from './bench-h5.mjs'
import { assertFreshDist, BUDGET, ROOT, TARGETS } from './size-lib.mjs'
import { table } from './bench-table.mjs'

const require = createRequire(import.meta.url)
const OUT = join(ROOT, 'bench', '.out')
const started = performance.now()
const failures = []

/** Runs one part; a failure is reported in the table and fails the run, but the other parts go on. */
async function part(name, work) {
  const t = performance.now()
  try {
    const value = await work()
    console.error(`bench: ${name} done in ${((performance.now() - t) / 1000).toFixed(1)} s`)
    return value
  } catch (e) {
    failures.push(`${name}: ${e?.stack || e}`)
    console.error(`bench: ${name} FAILED: ${e?.message || e}`)
    return undefined
  }
}

/** Parts 2, 3, 4, 6: one Jest run (in band, GC exposed); each file leaves its JSON in bench/.out/. */
function jestParts() {
  rmSync(OUT, { recursive: true, force: true })
  const jest = require.resolve('jest/bin/jest')
  const run = spawnSync(process.execPath, ['--expose-gc', jest, '-c', join(ROOT, 'bench', 'jest.config.cjs'), '-i'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] })
  const read = (name) => (existsSync(join(OUT, `${name}.json`)) ? JSON.parse(readFileSync(join(OUT, `${name}.json`), 'utf8')) : undefined)
  const parts = { renders: read('renders'), base64: read('base64'), batch: read('batch'), calls: read('calls') }
  if (run.status !== 0) throw new Error(`jest exited with ${run.status}; measured: ${Object.keys(parts).filter((k) => parts[k]).join(', ') || 'nothing'}`)
  return parts
}

const git = (cmd) => {
  try {
    return execSync(`git ${cmd}`, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return undefined
  }
}

await part('dist', () => assertFreshDist())
const bundles = await part('1 bundle', measureBundles)
const where = await part('1 where the bytes go', () => whereBytesGo('useSaveToAlbum', 'weapp'))
const jest = await part('2, 3, 4, 6 (jest)', jestParts)
const h5 = await part('5 H5 in Chromium', () => benchH5())

const results = {
  date: new Date().toISOString(),
  machine: {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    node: process.version,
    chromium: h5?.chromium,
  },
  package: { version: require('../package.json').version, commit: git('rev-parse --short HEAD'), uncommittedSrc: !!git('status --porcelain -- src') },
  budget: { entry: 'useSaveToAlbum', target: 'weapp', bytes: BUDGET },
  targets: TARGETS,
  bundles,
  whereBytesGo: where,
  renders: jest?.renders,
  base64: jest?.base64,
  batch: jest?.batch,
  calls: jest && { ...jest.calls, h5: h5?.calls },
  h5: h5 && { saves: h5.saves, image: h5.image, reps: h5.reps, pageErrors: h5.pageErrors },
  seconds: Math.round((performance.now() - started) / 1000),
  complete: failures.length === 0 && !!(bundles && where && jest?.renders && jest?.base64 && jest?.batch && jest?.calls && h5),
  failures,
}

console.log(table(results))
mkdirSync(OUT, { recursive: true })
const file = results.complete ? join(ROOT, 'bench', 'results.json') : join(OUT, 'results.partial.json')
writeFileSync(file, JSON.stringify(results, null, 2) + '\n')
console.log(`\nWritten to ${file.slice(ROOT.length + 1)} in ${results.seconds} s.`)
if (!results.complete) {
  console.error(`\nNot every part was measured:\n${failures.join('\n')}`)
  process.exitCode = 1
}
