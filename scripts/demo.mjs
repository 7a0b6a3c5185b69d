// `npm run demo`: builds the package and the example's H5 target, then (once both are written)
// serves it on 127.0.0.1 and prints the address, with the sample image at /sample.png on the
// same origin so the URL flow works offline. A failed build exits 1 with the build's own output.
//   node scripts/demo.mjs [--no-build] [--port 8787]     (PORT=… works too; 0 = any free port)
// --no-build serves what is already built (dist/ and example/dist/h5).
// The server itself is scripts/static-server.cjs (the e2e tests use it too).
//
// One node process does the builds and the serving. npm runs it through a shell (npm → sh →
// node), and a SIGTERM to npm stops the shell but never reaches node; so the server watches the
// processes that started it, its parent and its parent's parent, and exits as soon as either is
// gone (stopped by a signal, killed with SIGKILL, a closed terminal): no orphan keeps the port.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildExample } from './build-example.mjs'

const require = createRequire(import.meta.url)
/** @type {typeof import('./static-server.cjs')} */
const { startServer, SAMPLE_IMAGE } = require('./static-server.cjs')
export { startServer, SAMPLE_IMAGE }

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP']
/** How often the server checks that the processes that started it are still there. */
const PARENT_CHECK_MS = 500

/** `npm run build`, in this process's terms: rollup over rollup.config.mjs. */
function buildPackage() {
  const rollup = join(ROOT, 'node_modules', 'rollup', 'dist', 'bin', 'rollup')
  const res = spawnSync(process.execPath, [rollup, '-c'], { cwd: ROOT, stdio: 'inherit' })
  if (res.status !== 0) throw new Error(`the package build (rollup -c) failed (exit ${res.status ?? res.signal})`)
}

/** The parent of process `pid`, from /proc (Linux); undefined where that cannot be read. */
function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8') // "pid (name) state ppid …"
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return undefined
  }
}

/** This process's parent and grandparent: a process that exits re-parents its children. */
const lineage = () => `${process.ppid}<${parentOf(process.ppid)}`

/**
 * Closes the server and exits on Ctrl+C, SIGTERM, SIGHUP, or when the parent or grandparent is
 * gone (the lineage changed: this process or its parent was re-parented).
 */
function stopWithParent(srv) {
  const started = lineage()
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    srv.close().then(() => process.exit(0))
  }
  for (const signal of STOP_SIGNALS) process.on(signal, stop)
  setInterval(() => {
    if (lineage() !== started) stop()
  }, PARENT_CHECK_MS).unref()
}

async function main() {
  const args = process.argv.slice(2)
  const portArg = args.indexOf('--port')
  const wanted = Number(portArg >= 0 ? args[portArg + 1] : (process.env.PORT ?? 8787))
  if (!args.includes('--no-build')) {
    buildPackage()
    // Serve only once the build is written: taro build empties example/dist/h5 first.
    console.log('[demo] taro build --type h5 …')
    await buildExample('h5')
  }
  let srv
  try {
    srv = await startServer({ port: wanted })
  } catch (e) {
    if (e.code !== 'EADDRINUSE') throw e
    console.log(`Port ${wanted} is busy; using a free port.`)
    srv = await startServer({ port: 0 })
  }
  stopWithParent(srv)
  console.log('')
  console.log(`  taro-save-to-album 示例 / demo:  ${srv.url}`)
  console.log(`  示例图片 / sample image:          ${srv.url}sample.png`)
  console.log('')
  console.log('  微信开发者工具 / WeChat DevTools (本机，关闭域名校验 urlCheck:false):')
  console.log(`    TARO_APP_SAMPLE_URL=${srv.url}sample.png npm run demo:weapp`)
  console.log('    then open example/dist/weapp/ in DevTools (its project.config.json is inside).')
  console.log('')
  console.log('  Ctrl+C 退出 / to stop')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    // A failed taro build carries its own output: the error a newcomer needs to see.
    console.error(`${e.output ?? ''}\n✖ ${e.message}`)
    process.exit(1)
  })
}
