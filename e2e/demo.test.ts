/**
 * `npm run demo` stops with the process that started it: stopping npm (a SIGTERM it forwards,
 * or a SIGKILL it cannot forward) closes the demo's port within a few seconds, instead of leaving
 * scripts/demo.mjs serving as an orphan. Runs after `npm run build:example` (the demo serves
 * example/dist/h5 with --no-build). And a failed build ends `npm run demo` with the build's error.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EXAMPLE, ROOT } from './helpers'

/** How long the demo may take to close its port after npm is stopped. */
const CLOSE_WITHIN_MS = 5_000

let npm: ChildProcess | undefined


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

/** `npm run demo -- <args>` in a process group of its own. */
function runDemo(demoArgs: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const npmCli = process.env.npm_execpath
  const [command, args] = npmCli && /\.[cm]?js$/.test(npmCli) ? [process.execPath, [npmCli]] : ['npm', []]
  npm = spawn(command, [...args, 'run', 'demo', '--', ...demoArgs], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env })
  return npm
}

/** Starts `npm run demo -- --no-build --port 0`; resolves the port once the demo prints its URL. */
function startDemo(): Promise<number> {
  if (!existsSync(join(EXAMPLE, 'dist', 'h5', 'index.html'))) {
    throw new Error('No H5 build in example/dist/h5: run `npm run build && npm run build:example` (npm run test:e2e does).')
  }
  const child = runDemo(['--no-build', '--port', '0'])
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

test('a failed H5 build: npm run demo exits non-zero with the build\'s own error, and serves nothing', async () => {
  // `taro build` fails the way a compile error fails it: its message, then a non-zero exit.
  const dir = mkdtempSync(join(tmpdir(), 'demo-build-fails-'))
  const failTaro = join(dir, 'fail-taro.cjs')
  writeFileSync(
    failTaro,
    "if (/[\\\\/]@tarojs[\\\\/]cli[\\\\/]bin[\\\\/]taro$/.test(process.argv[1] || '')) { console.error('Module not found: ./pages/missing (simulated)'); process.exit(2) }\n",
  )
  try {
    const child = runDemo(['--port', '0'], { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${failTaro}` })
    let output = ''
    child.stdout!.on('data', (d) => (output += d))
    child.stderr!.on('data', (d) => (output += d))
    const code = await new Promise((resolve) => child.once('exit', resolve))
    expect(code).not.toBe(0)
    expect(output).toContain('Module not found: ./pages/missing (simulated)')
    expect(output).toContain('h5: taro build failed')
    expect(output).not.toMatch(/demo:\s+http/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}, 180_000)
