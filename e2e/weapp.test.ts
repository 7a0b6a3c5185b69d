/**
 * The demo's weapp build (example/dist/weapp) run in plain Node over the simulated WeChat
 * runtime (see weapp-host.ts): taps go through the page's own event handler, and the
 * assertions read the simulated album and what the page sent to setData.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { bundledPackages, EXAMPLE, imageKind, pngSize } from './helpers'
import { launch, WEAPP_DIST, type Host } from './weapp-host'

// The URL the weapp build downloads (the page's default when TARO_APP_SAMPLE_URL is unset).
const SAMPLE_URL = 'https://img.example.com/taro-save-to-album/sample.png'
const SAMPLE = new Uint8Array(readFileSync(join(EXAMPLE, 'src', 'assets', 'sample.png')))

let host: Host | undefined
afterEach(async () => {
  await host?.close()
  host = undefined
})

beforeAll(() => {
  if (!existsSync(join(WEAPP_DIST, 'app.js'))) {
    throw new Error('No weapp build in example/dist/weapp: run `npm run build && npm run build:example` (npm run test:e2e does).')
  }
})

const status = (h: Host) => h.textOf(h.byId('status'))
const waitStatus = (h: Host, word: string) =>
  h.waitFor(() => status(h) === word, `#status to read "${word}" (it reads "${status(h)}")`).catch((e) => {
    throw new Error(`${e.message}; wx calls: ${h.sim.calls.join(', ')}`)
  })
/** Every value the page sent to setData, flattened, as strings. */
const sentValues = (h: Host) =>
  h.setDataLog.flatMap((p) => Object.values(p)).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
const serveSample = (sim: Host['sim']) => sim.server.route(SAMPLE_URL, { body: SAMPLE, contentType: 'image/png' })

test('the bundle holds one React and one Taro runtime, from example/node_modules', () => {
  const { copies, outside } = bundledPackages('weapp')
  const nm = join(EXAMPLE, 'node_modules')
  expect(copies['react']).toEqual([join(nm, 'react')])
  for (const name of ['@tarojs/runtime', '@tarojs/shared', '@tarojs/taro', '@tarojs/react', '@tarojs/plugin-platform-weapp']) {
    expect({ name, dirs: copies[name] }).toEqual({ name, dirs: [join(nm, name)] })
  }
  expect(outside.length).toBeGreaterThan(0)
  for (const m of outside) expect(m).toMatch(new RegExp(`^${join(EXAMPLE, '..', 'dist')}/`))
})

test('the app declares the privacy check, and the page renders in idle with the expected ids', async () => {
  const appJson = JSON.parse(readFileSync(join(WEAPP_DIST, 'app.json'), 'utf8'))
  expect(appJson.__usePrivacyCheck__).toBe(true)
  expect(JSON.parse(readFileSync(join(WEAPP_DIST, 'project.config.json'), 'utf8')).appid).toBe('touristappid')

  host = await launch({ dialog: 'allow' })
  expect(status(host)).toBe('idle')
  expect(host.byId('save-url')?.tag).toBe('button')
  expect(host.byId('save-canvas')?.tag).toBe('button')
  expect(host.byId('open-setting')).toBeUndefined()
  const canvas = host.byId('poster')
  expect(canvas?.tag).toBe('canvas')
  expect(canvas?.attrs.type).toBe('2d')
  // The poster is drawn at run time on the Canvas 2d node found through createSelectorQuery.
  await host.waitFor(() => host!.canvas.ops.some((c) => c[0] === 'fillText'), 'the poster to be drawn')
  expect(host.queries).toContain('#poster')
})

test('save-url: downloadFile → album, status saved, progress 100', async () => {
  host = await launch({ dialog: 'allow' }, serveSample)
  host.tap('save-url')
  await waitStatus(host, 'saved')
  const { sim } = host
  expect(sim.album).toHaveLength(1)
  expect(imageKind(sim.album[0].bytes)).toBe('png')
  expect(Buffer.from(sim.album[0].bytes).equals(Buffer.from(SAMPLE))).toBe(true)
  expect(sim.album[0].name).toMatch(/\.png$/)
  expect(sim.calls).toContain('downloadFile')
  expect(sim.calls.indexOf('downloadFile')).toBeLessThan(sim.calls.indexOf('saveImageToPhotosAlbum'))
  expect(sim.requests.find((r) => r.api === 'downloadFile')?.options.url).toBe(SAMPLE_URL)
  expect(sim.authSetting['scope.writePhotosAlbum']).toBe(true)
  // What the page sent to setData: the status word, then a full progress bar.
  expect(sentValues(host)).toContain('saved')
  const progress = host.tree().flatMap(function all(n): any[] { return [n, ...n.children.flatMap(all)] }).find((n) => n.tag === 'progress')
  expect(progress?.attrs.percent).toBe(100)
  // No file left behind in the user folder.
  expect(sim.files()).toEqual([])
})

test('save-canvas: the Canvas 2d poster → base64 → writeFile → album', async () => {
  host = await launch({ dialog: 'allow' })
  await host.waitFor(() => host!.canvas.ops.some((c) => c[0] === 'fillText'), 'the poster to be drawn')
  host.tap('save-canvas')
  await waitStatus(host, 'saved')
  const { sim, canvas } = host
  // Drawn at run time: shapes and text.
  const ops = canvas.ops.map((c) => c[0])
  expect(ops).toEqual(expect.arrayContaining(['fillRect', 'arc', 'fill', 'fillText', 'createLinearGradient']))
  expect(canvas.ops).toContainEqual(['fillText', '海报 Poster', 36, 24])
  // 300×200 at pixelRatio 2.
  expect([canvas.width, canvas.height]).toEqual([600, 400])
  expect(sim.album).toHaveLength(1)
  expect(imageKind(sim.album[0].bytes)).toBe('png')
  expect(pngSize(sim.album[0].bytes)).toEqual({ width: 600, height: 400 })
  expect(sim.album[0].name).toMatch(/\.png$/)
  expect(sim.calls).toContain('fs.writeFile')
  expect(sim.calls).not.toContain('downloadFile')
  expect(sentValues(host)).toContain('saved')
  expect(sim.files()).toEqual([])
})

test('denied, then open-setting from the tap: the permission comes back and the save goes through', async () => {
  host = await launch({ dialog: 'deny' }, serveSample)
  const { sim } = host
  host.tap('save-url')
  await waitStatus(host, 'denied AUTH_DENIED')
  expect(sim.album).toHaveLength(0)
  expect(sim.authSetting['scope.writePhotosAlbum']).toBe(false)
  expect(sentValues(host)).toContain('denied AUTH_DENIED')
  await host.waitFor(() => host!.byId('open-setting'), 'the open-setting button')
  expect(host.byId('open-setting')?.tag).toBe('button')

  // The person turns "保存到相册" on in the settings page.
  sim.settings.answer = 'on'
  const before = sim.calls.length
  host.tap('open-setting')
  // openSetting ran synchronously inside the tap (it fails outside one).
  expect(sim.calls.slice(before)[0]).toBe('openSetting')
  await waitStatus(host, 'saved')
  expect(sim.authSetting['scope.writePhotosAlbum']).toBe(true)
  expect(sim.album).toHaveLength(1)
  expect(Buffer.from(sim.album[0].bytes).equals(Buffer.from(SAMPLE))).toBe(true)
  expect(host.byId('open-setting')).toBeUndefined()
})

test('denied, and the person leaves the setting off: still denied, nothing saved', async () => {
  host = await launch({ dialog: 'deny' })
  await host.waitFor(() => host!.canvas.ops.some((c) => c[0] === 'fillText'), 'the poster to be drawn')
  host.tap('save-canvas')
  await waitStatus(host, 'denied AUTH_DENIED')
  host.sim.settings.answer = 'off'
  host.tap('open-setting')
  await new Promise((r) => setTimeout(r, 50))
  expect(status(host)).toBe('denied AUTH_DENIED')
  expect(host.sim.album).toHaveLength(0)
})

test('a server error shows the status word then the code: failed HTTP_STATUS', async () => {
  host = await launch({ dialog: 'allow' }, (sim) =>
    sim.server.route(SAMPLE_URL, { status: 404, body: '<!doctype html><h1>Not Found</h1>', contentType: 'text/html' }),
  )
  host.tap('save-url')
  await waitStatus(host, 'failed HTTP_STATUS')
  expect(host.sim.album).toHaveLength(0)
  expect(host.sim.files()).toEqual([])
  expect(host.byId('open-setting')).toBeUndefined()
})
