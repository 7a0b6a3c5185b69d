/**
 * The Vue 3 demo's weapp build (example-vue/dist/weapp, the same page as the React demo through
 * taro-save-to-album/vue) run in plain Node over the simulated WeChat runtime, by the React
 * demo's host (weapp-host.ts, given the Vue build's folder): taps go through the page's own event
 * handler, Buttons are pressed as a device handles them, and the assertions read the simulated
 * album and what the page rendered.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { bundledPackages, EXAMPLE, EXAMPLE_VUE, imageKind, pngSize, ROOT } from './helpers'
import { launch as launchHost, type Host, type Sim } from './weapp-host'
import type { SimOptions } from '../__tests__/runtime/wx'

const DIST = join(EXAMPLE_VUE, 'dist', 'weapp')
// The URLs the weapp build downloads (the shared media.ts, TARO_APP_SAMPLE_URL unset).
const ASSETS = 'https://img.example.com/taro-save-to-album/'
const SAMPLE_URL = `${ASSETS}sample.png`
const GRID_URLS = Array.from({ length: 9 }, (_, i) => `${ASSETS}grid/${i}.png`)
const SAMPLE = new Uint8Array(readFileSync(join(EXAMPLE, 'src', 'assets', 'sample.png')))
const GRID = GRID_URLS.map((_, i) => new Uint8Array(readFileSync(join(EXAMPLE, 'src', 'assets', 'grid', `${i}.png`))))

let host: Host | undefined
afterEach(async () => {
  await host?.close()
  host = undefined
})

beforeAll(() => {
  if (!existsSync(join(DIST, 'app.js'))) {
    throw new Error('No weapp build in example-vue/dist/weapp: run `npm run build && npm run build:example` (npm run test:e2e does).')
  }
})

const launch = (options: SimOptions, prepare?: (sim: Sim) => void) => launchHost(options, prepare, DIST)
const serveSample = (sim: Sim) => sim.server.route(SAMPLE_URL, { body: SAMPLE, contentType: 'image/png' })
const serveGrid = (sim: Sim) => GRID_URLS.forEach((url, i) => sim.server.route(url, { body: GRID[i], contentType: 'image/png' }))
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b))
const openType = (h: Host, id: string) => h.byId(id)?.attrs['open-type'] || undefined
const tilesMarked = (h: Host, mark: string) => GRID_URLS.map((_, i) => i).filter((i) => (h.byId(`grid-${i}`)?.className ?? '').split(/\s+/).includes(mark))

test('the bundle holds one Vue and one Taro runtime, from example-vue/node_modules, and no React', () => {
  const { copies, outside } = bundledPackages('weapp', EXAMPLE_VUE)
  const nm = join(EXAMPLE_VUE, 'node_modules')
  for (const name of ['@vue/runtime-core', '@vue/reactivity', '@tarojs/runtime', '@tarojs/shared', '@tarojs/taro', '@tarojs/plugin-framework-vue3', '@tarojs/plugin-platform-weapp']) {
    expect({ name, dirs: copies[name] }).toEqual({ name, dirs: [join(nm, name)] })
  }
  expect(Object.keys(copies).filter((name) => /^react/.test(name))).toEqual([])
  // From outside the app: the package's own build (its Vue entry), and the React demo's framework-free files.
  expect(outside.filter((m) => m.startsWith(join(ROOT, 'dist') + '/'))).toContain(join(ROOT, 'dist', 'vue.mjs'))
  // Not the React entry: nothing under taro-save-to-album/vue imports it.
  expect(outside).not.toContain(join(ROOT, 'dist', 'index.mjs'))
  for (const m of outside) expect(m).toMatch(new RegExp(`^(${join(ROOT, 'dist')}|${join(EXAMPLE, 'src')})/`))
})

test('the page renders in idle with the React demo\'s ids', async () => {
  host = await launch({ dialog: 'allow' })
  expect(host.text('status')).toBe('idle')
  for (const id of ['save-url', 'save-canvas', 'save-canvas-node', 'save-grid', 'album-button']) expect({ id, tag: host.byId(id)?.tag }).toEqual({ id, tag: 'button' })
  for (let i = 0; i < 9; i++) expect(host.byId(`grid-${i}`)).toBeDefined()
  expect(host.byId('open-setting')).toBeUndefined()
  expect(host.text('album-status')).toBe('idle')
  expect(host.byId('poster')?.attrs.type).toBe('2d')
  expect(host.queries).toContain('#poster')
})

test('the page\'s index.wxss is the React demo\'s stylesheet: every class of example/src/pages/index/index.scss, in rpx', () => {
  const wxss = readFileSync(join(DIST, 'pages', 'index', 'index.wxss'), 'utf8')
  const scss = readFileSync(join(EXAMPLE, 'src', 'pages', 'index', 'index.scss'), 'utf8').replace(/\/\/.*$/gm, '')
  const classes = [...new Set(scss.match(/\.[a-z][\w-]*/g))]
  expect(classes.length).toBeGreaterThan(30)
  expect(classes.filter((c) => !new RegExp(`\\${c}(?![\\w-])`).test(wxss))).toEqual([])
  expect(wxss).toMatch(/\.grid-item\{[^}]*height:200rpx/)
})

test('save-url: downloadFile → album, status saved, progress 100, no file left', async () => {
  host = await launch({ dialog: 'allow' }, serveSample)
  host.tap('save-url')
  await host.waitText('status', 'saved')
  const { sim } = host
  expect(sim.album).toHaveLength(1)
  expect(same(sim.album[0].bytes, SAMPLE)).toBe(true)
  expect(sim.requests.find((r) => r.api === 'downloadFile')?.options.url).toBe(SAMPLE_URL)
  const progress = host.tree().flatMap(function all(n): any[] { return [n, ...n.children.flatMap(all)] }).find((n) => n.tag === 'progress')
  expect(progress?.attrs.percent).toBe(100)
  expect(sim.files()).toEqual([])
})

test('save-canvas: the Canvas 2d poster drawn at run time → base64 → writeFile → album, a 600×400 PNG', async () => {
  host = await launch({ dialog: 'allow' })
  host.tap('save-canvas')
  await host.waitText('status', 'saved')
  const { sim, canvas } = host
  expect(canvas.ops).toContainEqual(['fillText', '海报 Poster', 36, 24])
  expect(sim.album).toHaveLength(1)
  expect(imageKind(sim.album[0].bytes)).toBe('png')
  expect(pngSize(sim.album[0].bytes)).toEqual({ width: 600, height: 400 })
  expect(sim.calls).toContain('fs.writeFile')
  expect(sim.calls).not.toContain('downloadFile')
  expect(sim.files()).toEqual([])
})

test('save-canvas-node: the drawn node itself goes to canvasToTempFilePath, no base64 written', async () => {
  host = await launch({ dialog: 'allow' })
  host.tap('save-canvas-node')
  await host.waitText('status', 'saved')
  const { sim, canvas } = host
  const exports = sim.requests.filter((r) => r.api === 'canvasToTempFilePath')
  expect(exports).toHaveLength(1)
  expect(exports[0].options.canvas).toBe(canvas)
  expect(exports[0].options.fileType).toBe('png')
  expect(sim.album).toHaveLength(1)
  expect(imageKind(sim.album[0].bytes)).toBe('png')
  expect(sim.calls).not.toContain('fs.writeFile')
  expect(sim.calls.indexOf('canvasToTempFilePath')).toBeLessThan(sim.calls.indexOf('saveImageToPhotosAlbum'))
})

test('save-grid: nine photos in order, one permission check, each tile marked saved with a tick', async () => {
  host = await launch({ dialog: 'allow' }, serveGrid)
  const { sim } = host
  host.tap('save-grid')
  await host.waitText('status', 'saved')
  await host.waitFor(() => tilesMarked(host!, 'saved').length === 9, 'every tile marked saved')
  expect(sim.album.map((entry, i) => same(entry.bytes, GRID[i]))).toEqual(GRID.map(() => true))
  expect(sim.calls.filter((c) => c === 'getSetting')).toHaveLength(1)
  expect(sim.dialogs).toBe(1)
  expect(host.byId('grid-0')?.children.some((c) => c.tag === 'text' && host!.textOf(c) === '✓')).toBe(true)
  expect(sim.files()).toEqual([])
})

test('save-grid with a 404 in the middle: that tile failed, the eight others saved', async () => {
  host = await launch({ dialog: 'allow' }, (sim) => {
    serveGrid(sim)
    sim.server.route(GRID_URLS[4], { status: 404, body: '<!doctype html><h1>Not Found</h1>', contentType: 'text/html' })
  })
  host.tap('save-grid')
  await host.waitFor(() => tilesMarked(host!, 'saved').length + tilesMarked(host!, 'failed').length === 9, 'every tile marked')
  expect(tilesMarked(host, 'failed')).toEqual([4])
  expect(host.sim.album).toHaveLength(8)
})

test('denied, then open-setting from the tap: the permission comes back and the save goes through', async () => {
  host = await launch({ dialog: 'deny' }, serveSample)
  const { sim } = host
  host.tap('save-url')
  await host.waitText('status', 'denied AUTH_DENIED')
  expect(sim.album).toHaveLength(0)
  await host.waitFor(() => host!.byId('open-setting'), 'the open-setting button')
  sim.settings.answer = 'on'
  const before = sim.calls.length
  host.tap('open-setting')
  // openSetting ran synchronously inside the tap (it fails outside one).
  expect(sim.calls.slice(before)[0]).toBe('openSetting')
  await host.waitText('status', 'saved')
  expect(sim.album).toHaveLength(1)
  expect(host.byId('open-setting')).toBeUndefined()
})

test('a server error reads the status word then the code: failed HTTP_STATUS', async () => {
  host = await launch({ dialog: 'allow' }, (sim) => sim.server.route(SAMPLE_URL, { status: 404, body: '<!doctype html><h1>Not Found</h1>', contentType: 'text/html' }))
  host.tap('save-url')
  await host.waitText('status', 'failed HTTP_STATUS')
  expect(host.sim.album).toHaveLength(0)
  expect(host.sim.files()).toEqual([])
})

describe('album-button, the Vue SaveToAlbumButton: refused, then one press to the settings and back', () => {
  async function refused() {
    const h = await launch({ dialog: 'deny' }, serveSample)
    expect(openType(h, 'album-button')).toBeUndefined()
    h.press('album-button')
    await h.waitText('album-status', 'denied AUTH_DENIED')
    await h.waitFor(() => openType(h, 'album-button') === 'openSetting', 'the button to become the settings button')
    return h
  }

  test('it becomes the settings button, with no tap handler on it or up its tree', async () => {
    host = await refused()
    expect(host.sim.album).toHaveLength(0)
    const chain = host.handlersUp('album-button')
    expect(chain[0]).toContain('opensetting')
    expect(chain.filter((types) => types.includes('tap'))).toEqual([])
  })

  test('the person turns the album on in the settings page it opened: saved at once, no second press', async () => {
    host = await refused()
    const { sim } = host
    sim.settings.answer = 'on'
    const before = sim.calls.length
    host.press('album-button')
    await host.waitText('album-status', 'saved')
    expect(sim.calls.slice(before)).not.toContain('openSetting')
    expect(sim.settingsVisits).toBe(1)
    expect(sim.album).toHaveLength(1)
    expect(same(sim.album[0].bytes, SAMPLE)).toBe(true)
    await host.waitFor(() => openType(host!, 'album-button') === undefined, 'the button to leave the settings mode')
  })
})
