// Builds the demo app in example/ for Taro targets, in production mode, and checks each build
// (scripts/check-example-build.mjs): its DevTools project file, the package's adapter for that
// target and no other, one copy of React and of Taro's runtime.
//   node scripts/build-example.mjs                 every target: weapp tt alipay swan qq jd h5 harmony-hybrid
//   node scripts/build-example.mjs tt alipay       only these
//   node scripts/build-example.mjs --jobs 1 …      one build at a time (default 2, one per core)
// Needs example/node_modules (the root's `npm install` installs it through `prepare`) and the
// package's dist/ (`npm run build` at the root): the example imports taro-save-to-album like a user.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cpus } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkBuild, staleMarkers } from './check-example-build.mjs'
import { ALL_TARGETS, TARGETS, distDir, exampleDir, root } from './example-targets.mjs'

export { distDir, exampleDir, root }

const taroBin = join(exampleDir, 'node_modules', '@tarojs', 'cli', 'bin', 'taro')

function assertReady() {
  if (!existsSync(taroBin)) {
    throw new Error(
      'example/node_modules is missing: run `npm install` at the repository root ' +
        '(its prepare script installs the example), or `npm install --prefix example`.',
    )
  }
  if (!existsSync(join(root, 'dist', 'index.mjs'))) {
    throw new Error('The package is not built (no dist/): run `npm run build` at the repository root first.')
  }
}

/**
 * Runs `taro build --type <target>` in example/ and checks the result; resolves with the seconds
 * it took, rejects with Taro's output on a failed build or a failed check.
 * @example await buildExample('tt') // → 9.1
 */
export function buildExample(target, extraEnv = {}) {
  if (!TARGETS[target]) return Promise.reject(new Error(`unknown target ${target}; one of: ${ALL_TARGETS.join(' ')}`))
  assertReady()
  const started = Date.now()
  const child = spawn(process.execPath, [taroBin, 'build', '--type', target], {
    cwd: exampleDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production', ...extraEnv },
  })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (status) => {
      // Taro exits 0 on some compile errors: look for webpack's error banner as well.
      if (status !== 0 || /ERROR in |编译失败|Failed to compile/.test(out)) {
        return reject(Object.assign(new Error(`${target}: taro build failed (exit ${status})`), { output: out }))
      }
      const problems = checkBuild(target)
      if (problems.length) return reject(new Error(`${target}: the build is wrong:\n  - ${problems.join('\n  - ')}`))
      resolve((Date.now() - started) / 1000)
    })
  })
}

/** Where to open a build, as printed after it. */
export function openHint(target) {
  const { devtools, projectConfig } = TARGETS[target]
  const dir = relative(process.cwd(), distDir(target)) || '.'
  if (!projectConfig) return `  ${target.padEnd(6)} ${dir}  →  ${devtools}`
  return `  ${target.padEnd(6)} ${dir}  →  ${devtools}: import/open this folder (${projectConfig} inside)`
}

/**
 * Builds the targets `jobs` at a time (Taro's build is mostly one core), longest first; reports
 * each as it ends. Resolves with the seconds per target; rejects after all ran if any failed.
 * @example await buildAll(['weapp', 'h5'], 2) // → { h5: 12.7, weapp: 8.4 }
 */
export async function buildAll(targets, jobs = 2) {
  const stale = staleMarkers()
  if (stale.length) throw new Error(stale.join('\n'))
  // h5 is the slowest build: start it first so it overlaps the others.
  const queue = [...targets].sort((a, b) => (b === 'h5') - (a === 'h5'))
  const seconds = {}
  const failures = []
  const worker = async () => {
    for (let target = queue.shift(); target; target = queue.shift()) {
      console.log(`[example] taro build --type ${target} …`)
      try {
        seconds[target] = await buildExample(target)
        console.log(`[example] ${target} built and checked in ${seconds[target].toFixed(1)} s`)
      } catch (e) {
        failures.push(target)
        process.stderr.write(`${e.output ?? ''}\n✖ ${e.message}\n`)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker))
  if (failures.length) throw new Error(`${failures.length} of ${targets.length} example build(s) failed: ${failures.join(', ')}`)
  return seconds
}

async function main() {
  const args = process.argv.slice(2)
  const jobsAt = args.indexOf('--jobs')
  const jobs = jobsAt >= 0 ? Number(args.splice(jobsAt, 2)[1]) : Math.min(2, cpus().length)
  const targets = args.length ? args : ALL_TARGETS
  const unknown = targets.filter((t) => !TARGETS[t])
  if (unknown.length) throw new Error(`unknown target ${unknown.join(', ')}; one of: ${ALL_TARGETS.join(' ')}`)
  const started = Date.now()
  await buildAll(targets, jobs)
  console.log(`[example] ${targets.length} target(s) in ${((Date.now() - started) / 1000).toFixed(1)} s. Open a build with:`)
  for (const t of targets) console.log(openHint(t))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`\n✖ ${e.message}`)
    process.exit(1)
  })
}
