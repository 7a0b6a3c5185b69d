/**
 * The demo's static server (scripts/static-server.cjs) over a build that changes under it, as
 * `taro build` empties example/dist/h5 before writing it again: a file that is gone is a 404,
 * never a crash, and the server serves on.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const { startServer } = require('../scripts/static-server.cjs') as {
  startServer(options: { root: string }): Promise<{ url: string; close(): Promise<void> }>
}

let root: string
let server: { url: string; close(): Promise<void> } | undefined

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'demo-h5-'))
  writeFileSync(join(root, 'index.html'), '<!doctype html><html><script src="/js/app.js"></script></html>')
})

afterEach(async () => {
  await server?.close()
  server = undefined
  rmSync(root, { recursive: true, force: true })
})

const get = async (path: string) => {
  const res = await fetch(new URL(path, server!.url))
  return [res.status, await res.text()] as const
}

test('serves the build, and a missing file is a 404', async () => {
  server = await startServer({ root })
  expect((await get('/'))[0]).toBe(200)
  expect(await get('/js/gone.js')).toEqual([404, 'not found'])
})

test('the build emptied under it: every path is a 404, the server stays up, and serves the next build', async () => {
  server = await startServer({ root })
  rmSync(join(root, 'index.html'))
  expect(await get('/')).toEqual([404, 'not found'])
  expect(await get('/some/page')).toEqual([404, 'not found'])
  expect(await get('/js/app.js')).toEqual([404, 'not found'])
  // The committed sample assets do not depend on the build.
  expect((await get('/sample.png'))[0]).toBe(200)
  writeFileSync(join(root, 'index.html'), '<html>again</html>')
  expect(await get('/')).toEqual([200, '<html>again</html>'])
})
