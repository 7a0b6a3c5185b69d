// Builds the demo apps for Taro targets, in production mode, and checks each build
// (scripts/check-example-build.mjs): its DevTools project file, the package's adapter for that
// target and no other, one copy of React (or Vue) and of Taro's runtime.
//   node scripts/build-example.mjs                 every app and target: example/ for weapp tt alipay
//                                                  swan qq jd h5 harmony-hybrid, example-vue/ for weapp h5
//   node scripts/build-example.mjs tt alipay       only these, of example/
//   node scripts/build-example.mjs --app example-vue h5   of the Vue 3 demo (no target: all of its own)
//   node scripts/build-example.mjs --jobs 1 …      one build at a time (default 2, one per core)
// Needs the app's node_modules (the root's `npm install` installs both through `prepare`) and the
// package's dist/ (`npm run build` at the root): the apps import taro-save-to-album like a user.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cpus } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkBuild, staleMarkers } from './check-example-build.mjs'
import { APPS, TARGETS, distDir, exampleDir, root } from './example-targets.mjs'

export { distDir, exampleDir, root }

const taroBin = (app) => join(APPS[app].dir, 'node_modules', '@tarojs', 'cli', 'bin', 'taro')

function assertReady(app) {
  if (!existsSync(taroBin(app))) {
    throw new Error(
      `${app}/node_modules is missing: run \`npm install\` at the repository root ` +
        `(its prepare script installs the demo apps), or \`npm install --prefix ${app}\`.`,
    )
  }
  if (!existsSync(join(root, 'dist', 'index.mjs'))) {
    throw new Error('The package is not built (no dist/): run `npm run build` at the repository root first.')
  }
}

/**
 * Runs `taro build --type <target>` in the app's folder (default example/) and checks the result;
 * resolves with the seconds it took, rejects with Taro's output on a failed build or a failed check.
 * @example await buildExample('tt') // → 9.1
 */
export function buildExample(target, extraEnv = {}, app = 'example') {
  if (!APPS[app]) return Promise.reject(new Error(`unknown app ${app}; one of: ${Object.keys(APPS).join(' ')}`))
  if (!APPS[app].targets.includes(target)) return Promise.reject(new Error(`unknown target ${target} for ${app}; one of: ${APPS[app].targets.join(' ')}`))
  assertReady(app)
  const started = Date.now()
  const child = spawn(process.execPath, [taroBin(app), 'build', '--type', target], {
    cwd: APPS[app].dir,
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
      const problems = checkBuild(target, app)
      if (problems.length) return reject(new Error(`${target}: the build is wrong:\n  - ${problems.join('\n  - ')}`))
      resolve((Date.now() - started) / 1000)
    })
  })
}

/** Where to open a build, as printed after it. */
export function openHint(target, app = 'example') {
  const { devtools, projectConfig } = TARGETS[target]
  const dir = relative(process.cwd(), distDir(target, app)) || '.'
  if (!projectConfig) return `  ${target.padEnd(6)} ${dir}  →  ${devtools}`
  return `  ${target.padEnd(6)} ${dir}  →  ${devtools}: import/open this folder (${projectConfig} inside)`
}

/** A build's name in reports: the target for example/, `<app> <target>` for another app. */
const nameOf = ({ app, target }) => (app === 'example' ? target : `${app} ${target}`)

/**
 * Builds `jobs` at a time (Taro's build is mostly one core), longest first; reports each as it
 * ends. A build is a target of example/, or `{ app, target }`. Resolves with the seconds per
 * build (by nameOf); rejects after all ran if any failed.
 * @example await buildAll(['weapp', 'h5', { app: 'example-vue', target: 'h5' }], 2) // → { h5: 12.7, 'example-vue h5': 13.1, weapp: 8.4 }
 */
export async function buildAll(builds, jobs = 2) {
  const stale = staleMarkers()
  if (stale.length) throw new Error(stale.join('\n'))
  // h5 is the slowest build: start it first so it overlaps the others.
  const queue = builds.map((b) => (typeof b === 'string' ? { app: 'example', target: b } : b)).sort((a, b) => (b.target === 'h5') - (a.target === 'h5'))
  const seconds = {}
  const failures = []
  const worker = async () => {
    for (let build = queue.shift(); build; build = queue.shift()) {
      const name = nameOf(build)
      console.log(`[example] ${build.app}: taro build --type ${build.target} …`)
      try {
        seconds[name] = await buildExample(build.target, {}, build.app)
        console.log(`[example] ${name} built and checked in ${seconds[name].toFixed(1)} s`)
      } catch (e) {
        failures.push(name)
        process.stderr.write(`${e.output ?? ''}\n✖ ${e.message}\n`)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker))
  if (failures.length) throw new Error(`${failures.length} of ${builds.length} example build(s) failed: ${failures.join(', ')}`)
  return seconds
}

async function main() {
  const args = process.argv.slice(2)
  const jobsAt = args.indexOf('--jobs')
  const jobs = jobsAt >= 0 ? Number(args.splice(jobsAt, 2)[1]) : Math.min(2, cpus().length)
  const appAt = args.indexOf('--app')
  const only = appAt >= 0 ? args.splice(appAt, 2)[1] : undefined
  if (only !== undefined && !APPS[only]) throw new Error(`unknown app ${only}; one of: ${Object.keys(APPS).join(' ')}`)
  const app = only ?? 'example'
  const unknown = args.filter((t) => !APPS[app].targets.includes(t))
  if (unknown.length) throw new Error(`unknown target ${unknown.join(', ')} for ${app}; one of: ${APPS[app].targets.join(' ')}`)
  // No target: every target of the app named, or of every app.
  const builds = args.length
    ? args.map((target) => ({ app, target }))
    : Object.entries(APPS)
        .filter(([name]) => !only || name === only)
        .flatMap(([name, { targets }]) => targets.map((target) => ({ app: name, target })))
  const started = Date.now()
  await buildAll(builds, jobs)
  console.log(`[example] ${builds.length} build(s) in ${((Date.now() - started) / 1000).toFixed(1)} s. Open a build with:`)
  for (const { app: name, target } of builds) console.log(openHint(target, name))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`\n✖ ${e.message}`)
    process.exit(1)
  })
}
