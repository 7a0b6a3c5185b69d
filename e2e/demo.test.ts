/**
 * `npm run demo` stops with the process that started it: stopping npm (a SIGTERM it forwards,
 * or a SIGKILL it cannot forward) closes the demo's port within a few seconds, instead of leaving
 * scripts/demo.mjs serving as an orphan. Runs after `npm run build:example` (the demo serves
 * example/dist/h5 with --no-build).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { EXAMPLE, ROOT } from './helpers'

/** How long the demo may take to close its port after npm is stopped. */
const CLOSE_WITHIN_MS = 5_000

let npm: ChildProcess | undefined

beforeAll(() => {
  if (!existsSync(join(EXAMPLE, 'dist', 'h5', 'index.html'))) {
    throw new Error('No H5 build in example/dist/h5: run `npm run build && npm run build:example` (npm run test:e2e does).')
  }
})

afterEach(() => {
  // npm runs in a process group of its own: whatever the test left behind goes with it.
  if (npm?.pid) {
    try {
      process.kill(-npm.pid, 'SIGKILL')
    } catch {
      // the group is already gone
    }
  }
  npm = undefined
})

/** Starts `npm run demo -- --no-build --port 0`; resolves the port once the demo prints its URL. */
function startDemo(): Promise<number> {
  const npmCli = process.env.npm_execpath
  const [command, args] = npmCli && /\.[cm]?js$/.test(npmCli) ? [process.execPath, [npmCli]] : ['npm', []]
  const child = spawn(command, [...args, 'run', 'demo', '--', '--no-build', '--port', '0'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  npm = child
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo printed no URL within 20 s:\n${output}`)), 20_000)
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      const url = /demo:\s+http:\/\/127\.0\.0\.1:(\d+)\//.exec(output)
      if (url) {
        clearTimeout(timer)
        resolve(Number(url[1]))
      }
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`npm run demo exited (${code ?? signal}) before serving:\n${output}`))
    })
  })
}

/** Whether something accepts connections on 127.0.0.1:port. */
function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** Resolves how long the port took to close; rejects if it still listens after CLOSE_WITHIN_MS. */
async function portClosed(port: number): Promise<number> {
  const started = Date.now()
  while (Date.now() - started < CLOSE_WITHIN_MS) {
    if (!(await isListening(port))) return Date.now() - started
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`port ${port} still served ${CLOSE_WITHIN_MS} ms after npm was stopped`)
}

test.each(['SIGTERM', 'SIGKILL'] as const)('stopping npm with %s closes the demo port', async (signal) => {
  const port = await startDemo()
  const page = await fetch(`http://127.0.0.1:${port}/`)
  expect(page.status).toBe(200)
  expect(await page.text()).toContain('<html')
  // While npm runs, the demo keeps serving (the parent watch must not stop it by itself).
  await new Promise((r) => setTimeout(r, 1_500))
  expect(await isListening(port)).toBe(true)

  const exited = new Promise((resolve) => npm!.once('exit', resolve))
  process.kill(npm!.pid!, signal) // npm alone, not its process group
  await exited
  await expect(portClosed(port)).resolves.toBeLessThan(CLOSE_WITHIN_MS)
}, 40_000)
