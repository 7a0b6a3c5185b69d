// `npm run mutation`: Stryker over src/ in parts, then the whole score. Each part keeps its own
// incremental file (reports/mutation/<part>.json), so a run that is stopped loses at most the part
// it was in, and a later run re-tests only the mutants whose code or covering tests changed.
// On 2 cores a whole first run takes hours; `npm run mutation -- <part> …` runs some parts (`--concurrency=N`:
// more Stryker workers; the tests mostly wait on timers, so 3 keeps 2 cores busy), and
// `npm run mutation -- --score` only prints the score of what the files hold.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const OUT = join(ROOT, 'reports', 'mutation')

/** Every mutated file is in exactly one part (checked below); a new file goes in one by hand. */
const PARTS = {
  'core-flow': ['src/core/flow.ts', 'src/core/url.ts'],
  'core-batch': ['src/core/batch.ts', 'src/core/controller.ts'],
  'core-source': ['src/core/source.ts', 'src/core/image.ts', 'src/errors.ts'],
  'platform-mp': ['src/platform/weapp.ts', 'src/platform/tt.ts', 'src/platform/alipay.ts', 'src/platform/swan.ts', 'src/platform/index.ts', 'src/platform/types.ts'],
  'platform-web': ['src/platform/h5/**/*.ts', 'src/platform/harmony.ts'],
  bindings: ['src/*.tsx', 'src/index.ts', 'src/components.ts', 'src/privacy.ts', 'src/saveButton.ts', 'src/use*.ts', 'src/vue/**/*.ts'],
}

// Stryker's own rule for what is mutated (stryker.config.json): src/ without the simulations.
const mutated = (dir = join(ROOT, 'src')) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'testing' && dir.endsWith('src') ? [] : mutated(path)
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [relative(ROOT, path)] : []
  })
const glob = (pattern) => new RegExp(`^${pattern.replace(/\./g, '\\.').replace(/\*\*\//g, '(.+/)?').replace(/\*/g, '[^/]*')}$`)
const partsOf = (file) => Object.keys(PARTS).filter((part) => PARTS[part].some((p) => glob(p).test(file)))

const strays = mutated().filter((file) => partsOf(file).length !== 1)
if (strays.length) {
  console.error(`✖ scripts/mutation.mjs: each file of src/ must be in one part of PARTS: ${strays.join(', ')}`)
  process.exit(1)
}

const flags = process.argv.slice(2).filter((a) => a.startsWith('--concurrency='))
const args = process.argv.slice(2).filter((a) => !flags.includes(a))
const unknown = args.filter((a) => a !== '--score' && !(a in PARTS))
if (unknown.length) {
  console.error(`✖ unknown part(s) ${unknown.join(', ')}; the parts are ${Object.keys(PARTS).join(', ')}`)
  process.exit(1)
}
const chosen = args.includes('--score') ? [] : args.length ? args : Object.keys(PARTS)

mkdirSync(OUT, { recursive: true })
// Every test's full name by file, so that a mutant's run loads only the files that hold its
// covering tests (__tests__/runtime/mutation-order.js). Written fresh: test names change.
const TEST_MAP = join(OUT, 'tests.json')
if (chosen.length) {
  const results = join(OUT, 'jest-results.json')
  const jest = spawnSync('npx', ['jest', '-c', 'jest.mutation.config.js', '--json', '--outputFile', results, '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
  if (jest.status !== 0) process.exit(jest.status ?? 1)
  const { testResults } = JSON.parse(readFileSync(results, 'utf8'))
  writeFileSync(TEST_MAP, JSON.stringify(Object.fromEntries(testResults.map((file) => [relative(ROOT, file.name), file.assertionResults.map((test) => test.fullName)]))))
}
for (const part of chosen) {
  console.log(`\n▶ mutation part ${part}: ${PARTS[part].join(', ')}`)
  const run = spawnSync('npx', ['stryker', 'run', '--mutate', PARTS[part].join(','), '--incremental', '--incrementalFile', join(OUT, `${part}.json`), '--reporters', 'clear-text,progress', '--timeoutMS', '60000', ...flags], {
    cwd: ROOT,
    stdio: 'inherit',
    // Below the bindings the tables run through the flow only (__tests__/runtime/setup.ts).
    env: { ...process.env, MUTATION_TEST_MAP: TEST_MAP, MUTATION_BINDINGS: part === 'bindings' ? '' : 'flow' },
  })
  // A long timeout: on a busy machine a slow test must not pass for a mutant's endless loop (a
  // timeout counts as detected). Below the break threshold Stryker exits 1 after writing its file: the score below still counts it.
  if (run.status !== 0 && !existsSync(join(OUT, `${part}.json`))) process.exit(run.status ?? 1)
}

// Stryker's mutation score: detected (killed, timed out) over valid (detected, survived, not covered).
const DETECTED = ['Killed', 'Timeout']
const UNDETECTED = ['Survived', 'NoCoverage']
const rows = []
for (const part of Object.keys(PARTS)) {
  const file = join(OUT, `${part}.json`)
  if (!existsSync(file)) {
    rows.push({ part, missing: true })
    continue
  }
  const report = JSON.parse(readFileSync(file, 'utf8'))
  for (const [name, { mutants }] of Object.entries(report.files)) {
    const count = (statuses) => mutants.filter((m) => statuses.includes(m.status)).length
    rows.push({ part, name, detected: count(DETECTED), valid: count(DETECTED) + count(UNDETECTED), survived: count(['Survived']), noCoverage: count(['NoCoverage']) })
  }
}
const pct = (d, v) => (v ? ((100 * d) / v).toFixed(2) : '—')
console.log('\n| File | Score | Detected / valid | Survived | No coverage |\n|---|---|---|---|---|')
for (const r of rows) console.log(r.missing ? `| (part ${r.part} not run yet) | — | — | — | — |` : `| ${r.name} | ${pct(r.detected, r.valid)} % | ${r.detected} / ${r.valid} | ${r.survived} | ${r.noCoverage} |`)
const done = rows.filter((r) => !r.missing)
const sum = (key) => done.reduce((n, r) => n + r[key], 0)
const missing = rows.filter((r) => r.missing).map((r) => r.part)
console.log(`\nWhole score${missing.length ? ` (without part(s) ${missing.join(', ')})` : ''}: ${pct(sum('detected'), sum('valid'))} % (${sum('detected')} / ${sum('valid')})`)
process.exit(missing.length || sum('detected') / sum('valid') < 0.9 ? 1 : 0)
