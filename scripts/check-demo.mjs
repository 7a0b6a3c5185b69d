// CI's check of the first command the README gives a newcomer. On a tree with no example/dist (a
// fresh clone after `npm install`), `npm run demo -- --port 0` must build, then serve, then print
// its address; the page and every script it names must load; a missing file must be a 404 that
// leaves the server up. Then the whole process group the check started is stopped.
//   node scripts/check-demo.mjs        (npm run test:demo)
// `.ci/run` runs it before `npm test`, whose end-to-end step builds example/dist itself.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { exampleDir, root } from './example-targets.mjs'

/** How long the package and H5 builds may take before the address is printed (2 busy cores). */
const ADDRESS_WITHIN_MS = 10 * 60_000
/** How long the demo may take to exit once stopped. */
const EXIT_WITHIN_MS = 5_000

/** `npm run demo -- <args>` in a process group of its own, so the check can stop all of it. */
function startDemo(args) {
  const npmCli = process.env.npm_execpath
  const [command, prefix] = npmCli && /\.[cm]?js$/.test(npmCli) ? [process.execPath, [npmCli]] : ['npm', []]
  return spawn(command, [...prefix, 'run', 'demo', '--', ...args], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
}

/** Resolves the address the demo prints; rejects if it exits or stays silent for too long. */
function addressOf(child, output) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address within ${ADDRESS_WITHIN_MS / 1000} s`)), ADDRESS_WITHIN_MS)
    const read = (chunk) => {
      output.text += chunk
      const address = /demo:\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output.text)
      if (address) {
        clearTimeout(timer)
        resolve(address[1])
      }
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`npm run demo exited (${code ?? signal}) before printing an address`))
    })
  })
}

/** GET `url`; throws unless the answer is `status` (and, for a 200, non-empty of `type`). */
async function expectAnswer(url, status, type) {
  const res = await fetch(url)
  const body = await res.text()
  if (res.status !== status) throw new Error(`GET ${url}: ${res.status}, expected ${status}`)
  if (status === 200 && !(body.length > 0 && (res.headers.get('content-type') ?? '').startsWith(type))) {
    throw new Error(`GET ${url}: ${body.length} bytes of ${res.headers.get('content-type')}, expected ${type}`)
  }
  return body
}

/** Whether any process of group `pgid` is still there. */
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

/** SIGTERM to the group, then SIGKILL if it is still there after EXIT_WITHIN_MS; resolves when it is gone. */
async function stopGroup(pgid) {
  const signal = (name) => groupAlive(pgid) && process.kill(-pgid, name)
  signal('SIGTERM')
  for (const started = Date.now(); groupAlive(pgid) && Date.now() - started < EXIT_WITHIN_MS; ) await new Promise((r) => setTimeout(r, 100))
  const lingered = groupAlive(pgid)
  signal('SIGKILL')
  return lingered
}

async function main() {
  if (existsSync(join(exampleDir, 'dist'))) {
    throw new Error('example/dist exists: this check is of a fresh clone. Run it on a tree without example/dist (`.ci/run` runs it before `npm test` builds one).')
  }
  const started = Date.now()
  const demo = startDemo(['--port', '0'])
  const output = { text: '' }
  let lingered = false
  try {
    const address = await addressOf(demo, output)
    console.log(`[demo] ${address} after ${((Date.now() - started) / 1000).toFixed(0)} s`)
    const page = await expectAnswer(address, 200, 'text/html')
    const scripts = [...page.matchAll(/<script\b[^>]*\bsrc=["']([^"']+)["']/g)].map((m) => new URL(m[1], address).href)
    if (!scripts.length) throw new Error(`the page names no script:\n${page}`)
    for (const script of scripts) await expectAnswer(script, 200, 'text/javascript')
    console.log(`[demo] the page and its ${scripts.length} script(s) load`)
    await expectAnswer(new URL('js/no-such-chunk.js', address).href, 404)
    await expectAnswer(address, 200, 'text/html')
    console.log('[demo] a missing file is a 404, and the server serves on')
  } catch (e) {
    e.message += `\n--- npm run demo printed:\n${output.text}`
    throw e
  } finally {
    lingered = await stopGroup(demo.pid)
  }
  if (lingered) throw new Error(`the demo still ran ${EXIT_WITHIN_MS / 1000} s after a SIGTERM to its process group (killed)`)
  console.log('[demo] stopped, with every process it started')
}

main().catch((e) => {
  console.error(`\n✖ npm run demo on a fresh tree: ${e.message}`)
  process.exit(1)
})
