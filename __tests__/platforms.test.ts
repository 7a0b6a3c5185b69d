/**
 * One behaviour table, run on every mini-program target over that platform's REAL Taro plugin
 * runtime (`@tarojs/plugin-platform-*`'s initNativeApi) and its simulated native global. Where a
 * platform makes a guarantee impossible (Alipay reports no HTTP status and no progress), the row
 * says what happens there instead. Images first, then canvases, videos and batches, then what is
 * particular to each family, and the targets without an album API.
 */
import { renderHook } from '@testing-library/react'
import type { SaveStatus } from '../src'
import { BINDINGS, controllerOf, loadFor, loadPlatform, PLATFORMS, runSave as run, saveAllOf, simulate, throughBinding, vueOf, type AnySim, type Platform } from './runtime/setup'
import { mountComposable } from './runtime/vue'
import { GIF, HEIC, HTML, JPEG, JPEG_B64, MOV, MP4, PNG, PNG_B64, WEBP } from './runtime/images'
import { liveTimers } from './runtime/timers'
import type { Fault } from './runtime/engine'
import * as wx from './runtime/wx'
import * as tt from './runtime/tt'
import * as swan from './runtime/swan'
import * as my from './runtime/my'

const URL = 'https://cdn.test/poster.png'
const DATA_URL = `data:image/png;base64,${PNG_B64}`
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b))
/** Resolves once `done()` holds (checked every 5 ms, for at most a second). */
async function waitUntil(done: () => boolean) {
  for (let i = 0; i < 200 && !done(); i++) await sleep(5)
}

/** Alipay's downloadFile reports neither an HTTP status nor progress. */
const REPORTS_DOWNLOADS = (p: Platform) => p !== 'alipay'
/** Where the save itself shows the permission dialog (no authorize to call first). */
const SAVE_ASKS = (p: Platform) => p === 'tt' || p === 'alipay'
/**
 * How a `Canvas type="2d"` node is exported: by `canvasToTempFilePath({ canvas })` (WeChat, QQ,
 * JD, Alipay from base library 2.7.15), by the node's own `toDataURL()` written into the user
 * folder (ByteDance, whose canvasToTempFilePath takes a canvas id only), or not at all (Baidu has
 * no 2d canvas).
 */
const NODE_EXPORT: Record<Platform, 'canvasToTempFilePath' | 'toDataURL' | 'none'> = {
  weapp: 'canvasToTempFilePath',
  qq: 'canvasToTempFilePath',
  jd: 'canvasToTempFilePath',
  alipay: 'canvasToTempFilePath',
  tt: 'toDataURL',
  swan: 'none',
  qywx: 'canvasToTempFilePath',
}
/**
 * The phone refusing the host app its photos, by family: WeChat (`fail system permission
 * denied`), Douyin (errNo 112089), Alipay (error 15, iOS), Baidu (errCode 10005 `system deny`).
 * Only WeChat (base library 2.25.3+, `openAppAuthorizeSetting`; QQ, JD and WeCom are simulated
 * with its API) opens the phone's page.
 */
const OPENS_PHONE_SETTINGS = (p: Platform) => p === 'weapp' || p === 'qq' || p === 'jd' || p === 'qywx'
/** Alipay's canvasToTempFilePath documents no custom-component argument: its canvas ids are found anywhere. */
const TAKES_COMPONENT = (p: Platform) => p !== 'alipay'
/** A refusal by the album, in each platform's words. */
const ALBUM_REFUSAL: Record<Platform, (api: string) => Fault> = {
  weapp: (api) => ({ fail: wx.DENIALS.android(api) }),
  qq: (api) => ({ fail: wx.DENIALS.ios(api) }),
  jd: (api) => ({ fail: wx.DENIALS.devtools(api) }),
  swan: (api) => swan.DENIALS.phone(api),
  tt: (api) => tt.DENIALS.user(api),
  alipay: () => my.DENIALS.earlier(),
  qywx: (api) => ({ fail: wx.DENIALS.wecom(api) }),
}


/** Waits until the runtime has nothing left to answer and the run's cleanup is done. */
async function settle(sim: AnySim) {
  for (let i = 0; i < 200 && sim.pending() > 0; i++) await sleep(5)
  await sleep(10)
}

/** The file the last album save was handed. */
const savedFrom = (sim: AnySim): string => sim.requests.filter((q) => /PhotosAlbum$/.test(q.api)).pop()!.options.filePath

function serve(sim: AnySim, extra: { body?: Uint8Array | string; status?: number; contentType?: string; delay?: number } = {}) {
  sim.server.route(URL, { body: PNG, contentType: 'image/png', ...extra })
}

beforeAll(() => {
  // Let React render as in an app, between platform answers, rather than in act() batches.
  ;(globalThis as any).IS_REACT_ACT_ENVIRONMENT = false
})

it("runs over the Taro line its jest config maps (4.2 here, 3.6 under jest.taro36.config.js), plugins included", () => {
  const line = (globalThis as { TARO_LINE?: string }).TARO_LINE ?? '4.2.'
  for (const name of ['@tarojs/taro', '@tarojs/runtime', '@tarojs/shared', '@tarojs/plugin-platform-alipay', '@tarojs/plugin-platform-weapp']) {
    expect([name, require(`${name}/package.json`).version]).toEqual([name, expect.stringMatching(new RegExp(`^${line.replace('.', '\\.')}`))])
  }
})

describe.each(BINDINGS)('the behaviour table through %s', (binding) => {
  throughBinding(binding)
  it.each(PLATFORMS)('%s: a URL is downloaded, checked, saved, and its file removed', async (target) => {
    const { sim, lib } = loadPlatform(target)
    serve(sim)
    const r = await run(lib, URL)
    expect(r.error).toBeUndefined()
    expect(r.statuses).toEqual(['authorizing', 'downloading', 'saving', 'saved'])
    expect(sim.album).toHaveLength(1)
    expect(same(sim.album[0].bytes, PNG)).toBe(true)
    expect(sim.album[0].name).toMatch(/\.png$/)
    // Progress in between where the platform reports it; on Alipay only the end.
    const between = r.progress.filter((p) => p > 0 && p < 1)
    expect([between.length > 0, r.progress[r.progress.length - 1]]).toEqual([REPORTS_DOWNLOADS(target), 1])
    await settle(sim)
    expect(sim.files()).toEqual([])
    expect(sim.openTasks()).toBe(0)
  })

  /** Where the download lands in the package's folder under a name of its choosing (not tt's temporary folder). */
  const NAMES_DOWNLOADS = (p: Platform) => p !== 'tt' && p !== 'alipay'
  it.each(PLATFORMS.filter(NAMES_DOWNLOADS))('%s: a URL naming its type is downloaded under that name, no rename; a name the bytes disagree with is renamed; an HTML page is refused', async (target) => {
    const { sim, lib } = loadPlatform(target)
    serve(sim)
    expect((await run(lib, URL)).error).toBeUndefined()
    expect(sim.requests.find((q) => q.api === 'downloadFile')!.options.filePath).toMatch(/\.png$/)
    expect(sim.calls.filter((c) => /rename|copy/.test(c))).toEqual([])
    expect(sim.album[0].name).toMatch(/\.png$/)
    // A .jpg that is a PNG is still saved as .png; a URL naming nothing is named by its bytes.
    for (const url of ['https://cdn.test/photo.jpg', 'https://cdn.test/render?id=7']) {
      sim.server.route(url, { body: PNG, contentType: 'image/jpeg' })
      const calls = sim.calls.length
      expect((await run(lib, url)).error).toBeUndefined()
      expect(sim.calls.slice(calls).filter((c) => /rename|copy/.test(c))).toHaveLength(1)
      expect(sim.album[sim.album.length - 1].name).toMatch(/\.png$/)
    }
    sim.server.route('https://cdn.test/error.png', { body: HTML, contentType: 'image/png' })
    expect((await run(lib, 'https://cdn.test/error.png')).error).toMatchObject({ code: 'UNSUPPORTED_FORMAT' })
    expect(sim.album).toHaveLength(3)
    await settle(sim)
    expect(sim.files()).toEqual([])
  })

  it.each(PLATFORMS)('%s: a URL with spaces, Chinese and an IDN host is downloaded encoded, as the platform takes it', async (target) => {
    const { sim, lib } = loadPlatform(target)
    const sent = 'https://例子.测试/uploads/%E6%B5%B7%E6%8A%A5%201.png?v=%E4%BA%8C'
    sim.server.route(sent, { body: PNG, contentType: 'image/png' })
    const r = await run(lib, 'https://例子.测试/uploads/海报 1.png?v=二')
    expect(r.error).toBeUndefined()
    expect(sim.requests.find((q) => q.api === 'downloadFile')!.options.url).toBe(sent)
    expect(same(sim.album[0].bytes, PNG)).toBe(true)
  })

  it.each(PLATFORMS)('%s: a data URL is written with base64 encoding, saved, and removed', async (target) => {
    const { sim, lib, dir } = loadPlatform(target)
    const r = await run(lib, DATA_URL)
    expect(r.statuses).toEqual(['authorizing', 'writing', 'saving', 'saved'])
    expect(same(sim.album[0].bytes, PNG)).toBe(true)
    const write = sim.requests.find((q) => q.api === 'fs.writeFile')!.options
    expect(write).toMatchObject({ data: PNG_B64, encoding: 'base64' })
    expect(write.filePath.startsWith(`${dir}/`)).toBe(true)
    await settle(sim)
    expect(sim.files()).toEqual([])
  })

  it.each(PLATFORMS)('%s: { base64 } is saved with the extension of its real content', async (target) => {
    const { sim, lib } = loadPlatform(target)
    const r = await run(lib, { base64: JPEG_B64, format: 'jpg' })
    expect(r.error).toBeUndefined()
    expect(sim.album[0].name).toMatch(/\.jpg$/)
    expect(same(sim.album[0].bytes, JPEG)).toBe(true)
  })

  it.each(PLATFORMS)('%s: a local file is saved as it is, and left where it was', async (target) => {
    const { sim, lib, dir } = loadPlatform(target)
    sim.put(`${dir}/chosen.jpg`, JPEG)
    const r = await run(lib, `${dir}/chosen.jpg`)
    expect(r.statuses).toEqual(['authorizing', 'saving', 'saved'])
    expect(r.value).toEqual({})
    expect(sim.calls.filter((c) => /download|write|rename|copy/i.test(c))).toEqual([])
    await settle(sim)
    expect(sim.files()).toEqual([`${dir}/chosen.jpg`])
  })

  it.each(PLATFORMS)('%s: saved is reported as soon as the album answers, not after a slow unlink; the file goes afterwards', async (target) => {
    const { sim, lib } = loadPlatform(target)
    sim.fault('fs.unlink', { late: 400 })
    const started = Date.now()
    const r = await run(lib, DATA_URL)
    expect(Date.now() - started).toBeLessThan(300)
    expect([r.error, r.statuses[r.statuses.length - 1], sim.album.length]).toEqual([undefined, 'saved', 1])
    expect(sim.files()).toHaveLength(1)
    await settle(sim)
    expect(sim.files()).toEqual([])
  })

  it.each(PLATFORMS)('%s: keepFile names the file handed to the album and leaves it to the app; without it, no file is named', async (target) => {
    const { sim, lib } = loadPlatform(target)
    serve(sim)
    const kept = await run(lib, URL, { keepFile: true })
    const written = await run(lib, DATA_URL, { keepFile: true })
    const plain = await run(lib, DATA_URL)
    await settle(sim)
    const keptPaths = [kept.value!.filePath!, written.value!.filePath!]
    for (const path of keptPaths) expect(same(sim.read(path)!, PNG)).toBe(true)
    expect([plain.error, plain.value]).toEqual([undefined, {}])
    expect(sim.album).toHaveLength(3)
    // The user folder holds the kept files and nothing else (tt keeps a download in its temporary folder).
    expect(sim.files().filter((path) => !keptPaths.includes(path))).toEqual([])
    expect(sim.files()).toContain(written.value!.filePath)
  })

  it.each(PLATFORMS)('%s: HTTP 404 with an error page ends failed, nothing saved or left', async (target) => {
    const { sim, lib } = loadPlatform(target)
    serve(sim, { status: 404, body: HTML, contentType: 'text/html' })
    const r = await run(lib, URL)
    // Alipay reports no status: the error page lands as a file, and its bytes give it away.
    if (REPORTS_DOWNLOADS(target)) expect(r.error).toMatchObject({ code: 'HTTP_STATUS', statusCode: 404 })
    else expect(r.error).toMatchObject({ code: 'UNSUPPORTED_FORMAT' })
    expect(r.statuses[r.statuses.length - 1]).toBe('failed')
    expect(sim.album).toEqual([])
    await settle(sim)
    expect(sim.files()).toEqual([])
  })

  it.each(PLATFORMS)('%s: an HTML body served as an image with 200 is refused by its bytes', async (target) => {
    const { sim, lib } = loadPlatform(target)
    serve(sim, { body: HTML, contentType: 'image/png' })
    const r = await run(lib, URL)
    expect(r.error).toMatchObject({ code: 'UNSUPPORTED_FORMAT' })
    expect(sim.calls).not.toContain('saveImageToPhotosAlbum')
    await settle(sim)
    expect(sim.files()).toEqual([])
  })

  it.each(PLATFORMS)('%s: refused now: denied, the refusal remembered, nothing left', async (target) => {
    const { sim, lib } = loadPlatform(target, { dialog: 'deny' })
    serve(sim)
    const r = await run(lib, URL)
    expect(r.error).toMatchObject({ code: 'AUTH_DENIED' })
    expect(r.statuses[r.statuses.length - 1]).toBe('denied')
    expect([sim.dialogs, sim.authSetting[sim.scope]]).toEqual([1, false])
    // Where the save itself asks, the image was downloaded before the dialog; elsewhere not.
    expect(sim.calls.includes('downloadFile')).toBe(SAVE_ASKS(target))
    expect(sim.calls.includes('authorize')).toBe(!SAVE_ASKS(target))
    await settle(sim)
    expect(sim.files()).toEqual([])
  })

  it.each(PLATFORMS)('%s: refused earlier: denied at once, without a dialog or a download', async (target) => {
    const { sim, lib } = loadPlatform(target)
    serve(sim)
    sim.authSetting[sim.scope] = false
    const r = await run(lib, URL)
    expect(r.error).toMatchObject({ code: 'AUTH_DENIED' })
    expect(r.statuses).toEqual(['authorizing', 'denied'])
    expect(sim.dialogs).toBe(0)
    expect(sim.calls.filter((c) => !/privacy/i.test(c))).toEqual(['getSetting'])
  })

  it.each(PLATFORMS)('%s: the album turned on in the settings page (from a tap) saves again', async (target) => {
    const { sim, lib } = loadPlatform(target)
    sim.authSetting[sim.scope] = false
    const controller = controllerOf(lib, { timeout: 2000 })
    expect(await controller.save(DATA_URL)).toMatchObject({ ok: false, error: { code: 'AUTH_DENIED' } })
    expect(controller.getSnapshot().status).toBe('denied')
    expect(await sim.tap(() => controller.openSetting())).toBe(true)
    expect(controller.getSnapshot()).toMatchObject({ status: 'idle', error: null })
    expect(await controller.save(DATA_URL)).toMatchObject({ ok: true })
    expect(sim.album).toHaveLength(1)
    // Turned off instead: still refused, and openSetting says so.
    sim.settings.answer = 'off'
    expect(await sim.tap(() => controller.openSetting())).toBe(false)
  })

  it.each(PLATFORMS)("%s: the phone refusing the app its photos: denied with SYSTEM_DENIED though the scope is on; openSetting() never opens the mini program's page", async (target) => {
    const { sim, lib } = loadPlatform(target, { phone: 'denied' })
    sim.authSetting[sim.scope] = true
    const controller = controllerOf(lib, { timeout: 2000 })
    expect(await controller.save(DATA_URL)).toMatchObject({ ok: false, error: { code: 'SYSTEM_DENIED' } })
    expect(controller.getSnapshot()).toMatchObject({ status: 'denied', error: { code: 'SYSTEM_DENIED', message: expect.stringContaining('打开手机设置') } })
    expect([sim.authSetting[sim.scope], sim.album.length]).toEqual([true, 0])
    const opened = await sim.tap(() => controller.openSetting())
    // The mini program's settings page shows the scope on already: sending the person there is a loop.
    expect(sim.settingsVisits).toBe(0)
    if (OPENS_PHONE_SETTINGS(target)) {
      // The phone's page for the host app: back with the photos allowed, the next save goes through.
      expect([opened, controller.getSnapshot().status]).toEqual([true, 'idle'])
      expect(await controller.save(DATA_URL)).toMatchObject({ ok: true })
      expect(sim.album).toHaveLength(1)
    } else {
      // No call opens it: false, and the run stays denied, its message saying where to go.
      expect([opened, controller.getSnapshot().status]).toEqual([false, 'denied'])
    }
    await settle(sim)
    expect(sim.files()).toEqual([])
  })

  it.each(PLATFORMS)('%s: a cancelled sheet ends idle with CANCELLED, no error shown', async (target) => {
    const { sim, lib } = loadPlatform(target, { sheet: 'cancel' })
    const controller = controllerOf(lib, { timeout: 2000 })
    const result = await controller.save(DATA_URL)
    expect(result).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
    expect(controller.getSnapshot()).toMatchObject({ status: 'idle', error: null })
    expect(sim.album).toEqual([])
    await settle(sim)
    expect(sim.files()).toEqual([])
  })

  it.each(PLATFORMS)('%s: the privacy agreement refused or not declaring the album ends denied', async (target) => {
    for (const privacy of ['refused', 'undeclared'] as const) {
      const { sim, lib } = loadPlatform(target, { privacy })
      const r = await run(lib, DATA_URL)
      // Alipay's docs name no privacy API or code: nothing there can refuse, and the save goes on.
      if (target === 'alipay') expect([r.error, sim.album.length]).toEqual([undefined, 1])
      else expect([r.error?.code, r.statuses[r.statuses.length - 1], sim.album.length]).toEqual(['PRIVACY_DENIED', 'denied', 0])
      await settle(sim)
      expect(sim.files()).toEqual([])
    }
  })

  it.each(PLATFORMS)('%s: two saves at once both answer (Alipay: one album save at a time)', async (target) => {
    // Alipay's runtime never answers an album save made before the previous one answered (the
    // test below shows it does): both answering there means the adapter made them wait.
    const { sim, lib } = loadPlatform(target)
    const a = controllerOf(lib, { timeout: 1000 })
    const b = controllerOf(lib, { timeout: 1000 })
    const results = await Promise.all([a.save(DATA_URL), b.save({ base64: JPEG_B64 })])
    expect(results.map((r) => r.ok)).toEqual([true, true])
    expect(sim.album).toHaveLength(2)
    expect(sim.dialogs).toBe(1)
    await settle(sim)
    expect(sim.files()).toEqual([])
  })

  it.each(PLATFORMS)('%s: abort during the download: idle, ABORTED, and nothing left once it settles', async (target) => {
    const { sim, lib } = loadPlatform(target)
    serve(sim, { delay: 20 })
    const controller = controllerOf(lib, { timeout: 2000 })
    sim.onCall = (api) => api === 'downloadFile' && controller.abort()
    const result = await controller.save(URL)
    expect(result).toMatchObject({ ok: false, error: { code: 'ABORTED' } })
    expect(controller.getSnapshot().status).toBe('idle')
    // Alipay hands out no task to abort: its transfer finishes, and the file is removed when it lands.
    await settle(sim)
    await sleep(20)
    expect([sim.files(), sim.openTasks(), sim.album.length]).toEqual([[], 0, 0])
  })

  it.each(PLATFORMS)('%s: unmount during the download: no render afterwards, nothing left', async (target) => {
    const { sim, lib } = loadPlatform(target)
    serve(sim, { delay: 20 })
    let renders = 0
    // The React hook, or the Vue composable of a mounted component (its scope disposed on unmount).
    const vue = vueOf(lib)
    const composable = vue && mountComposable(vue.vue, { timeout: 2000 })
    const hook = composable ? undefined : renderHook(() => (renders++, lib.useSaveToAlbum({ timeout: 2000 })))
    const rendered = () => (composable ? composable.renders() : renders)
    let atUnmount = -1
    sim.onCall = (api) => {
      if (api !== 'downloadFile') return
      if (composable) composable.unmount()
      else hook!.unmount()
      atUnmount = rendered()
    }
    const result = await (composable ?? hook!.result.current).save(URL)
    expect(result).toMatchObject({ ok: false, error: { code: 'ABORTED' } })
    await settle(sim)
    await sleep(20)
    expect(rendered()).toBe(atUnmount)
    expect([sim.files(), sim.album.length, liveTimers()]).toEqual([[], 0, 0])
  })
})

describe.each(BINDINGS)('canvases on every platform through %s', (binding) => {
  throughBinding(binding)
  it.each(PLATFORMS)('%s: a Canvas type="2d" node is exported without a base64 round trip where the platform can, saved, and nothing left', async (target) => {
    const { sim, lib, dir } = loadPlatform(target)
    const node = sim.canvas('poster')
    const r = await run(lib, { canvas: node })
    await settle(sim)
    const exported = sim.requests.filter((q) => q.api === 'canvasToTempFilePath').map((q) => q.options.canvas)
    if (NODE_EXPORT[target] === 'none') {
      expect(r.error).toMatchObject({ code: 'UNSUPPORTED_PLATFORM', message: expect.stringContaining('pass { canvasId }') })
      expect([r.statuses[r.statuses.length - 1], exported, sim.album]).toEqual(['failed', [], []])
      return
    }
    expect(r.error).toBeUndefined()
    expect(r.statuses).toEqual(['authorizing', 'writing', 'saving', 'saved'])
    expect(same(sim.album[0].bytes, PNG)).toBe(true)
    if (NODE_EXPORT[target] === 'canvasToTempFilePath') {
      expect(exported).toEqual([node])
      expect(sim.calls).not.toContain('fs.writeFile')
    } else {
      // ByteDance: the node's data URL, written with base64 encoding into the user folder, then removed.
      expect(exported).toEqual([])
      const write = sim.requests.find((q) => q.api === 'fs.writeFile')!.options
      expect(write).toMatchObject({ data: PNG_B64, encoding: 'base64', filePath: expect.stringMatching(new RegExp(`^${dir}/canvas-.+\\.png$`)) })
    }
    expect(sim.files()).toEqual([])
  })

  it.each(PLATFORMS)("%s: a canvas id is exported with the export's settings (jpg, quality, size) and saved", async (target) => {
    const { sim, lib } = loadPlatform(target)
    sim.canvas('poster')
    const r = await run(lib, { canvasId: 'poster', fileType: 'jpg', quality: 0.8, destWidth: 750, destHeight: 1334 })
    expect(r.error).toBeUndefined()
    expect(r.statuses).toEqual(['authorizing', 'writing', 'saving', 'saved'])
    expect(sim.requests.find((q) => q.api === 'canvasToTempFilePath')!.options).toMatchObject({ canvasId: 'poster', fileType: 'jpg', quality: 0.8, destWidth: 750, destHeight: 1334 })
    expect(same(sim.album[0].bytes, JPEG)).toBe(true)
    await settle(sim)
    expect(sim.files()).toEqual([])
  })

  it.each(PLATFORMS)('%s: a blank canvas, or one not on the page, ends failed CANVAS_FAILED naming what to check; nothing saved or left', async (target) => {
    const { sim, lib } = loadPlatform(target)
    sim.canvas('blank', { drawn: false })
    const blank = await run(lib, { canvasId: 'blank' })
    const missing = await run(lib, { canvasId: 'missing' })
    for (const r of [blank, missing]) {
      expect(r.error).toMatchObject({ code: 'CANVAS_FAILED', message: expect.stringContaining('drawn yet? on this page?') })
      expect(r.statuses).toEqual(['authorizing', 'writing', 'failed'])
    }
    expect(missing.error!.message).toContain('canvas "missing"')
    // The platform's own words ride along in the message and in cause.
    expect(missing.error!.cause).toBeDefined()
    const node = await run(lib, { canvas: sim.canvas('unsized', { drawn: false }) })
    expect(node.error).toMatchObject({ code: NODE_EXPORT[target] === 'none' ? 'UNSUPPORTED_PLATFORM' : 'CANVAS_FAILED' })
    if (NODE_EXPORT[target] === 'toDataURL') expect(node.error!.message).toContain('toDataURL answered "data:,"')
    await settle(sim)
    expect([sim.album, sim.files()]).toEqual([[], []])
  })

  it.each(PLATFORMS)('%s: a canvas id inside a custom component is found with that component (Alipay: ids are found anywhere)', async (target) => {
    const { sim, lib } = loadPlatform(target)
    const component = { is: 'components/poster/index' }
    sim.canvas('card', { component })
    const without = await run(lib, { canvasId: 'card' })
    if (TAKES_COMPONENT(target)) expect(without.error).toMatchObject({ code: 'CANVAS_FAILED', message: expect.stringContaining('inside a custom component, pass component') })
    else expect(without.error).toBeUndefined()
    expect((await run(lib, { canvasId: 'card', component })).error).toBeUndefined()
    expect(sim.album).toHaveLength(TAKES_COMPONENT(target) ? 1 : 2)
  })

  it.each(PLATFORMS)('%s without canvasToTempFilePath: a canvas id ends UNSUPPORTED_PLATFORM, no hang', async (target) => {
    const { sim, lib } = loadPlatform(target, { without: ['canvasToTempFilePath'] })
    sim.canvas('poster')
    const r = await run(lib, { canvasId: 'poster' })
    expect(r.error).toMatchObject({ code: 'UNSUPPORTED_PLATFORM', message: expect.stringContaining(`canvasToTempFilePath() is not available on ${target}`) })
    expect(r.statuses[r.statuses.length - 1]).toBe('failed')
  })
})

describe.each(BINDINGS)('videos on every platform through %s', (binding) => {
  throughBinding(binding)
  const CLIP = 'https://cdn.test/clip.mp4'

  it.each(PLATFORMS)('%s: a video URL is downloaded, sniffed, saved with saveVideoToPhotosAlbum, and its file removed', async (target) => {
    for (const [body, ext] of [[MP4, 'mp4'], [MOV, 'mov']] as const) {
      const { sim, lib } = loadPlatform(target)
      sim.server.route(CLIP, { body, contentType: 'video/mp4' })
      const r = await run(lib, { video: CLIP })
      expect(r.error).toBeUndefined()
      expect(r.statuses).toEqual(['authorizing', 'downloading', 'saving', 'saved'])
      expect([sim.calls.includes('saveVideoToPhotosAlbum'), sim.calls.includes('saveImageToPhotosAlbum')]).toEqual([true, false])
      expect(sim.album[0].name).toMatch(new RegExp(`\\.${ext}$`))
      expect(same(sim.album[0].bytes, body)).toBe(true)
      await settle(sim)
      expect([sim.files(), sim.openTasks()]).toEqual([[], 0])
    }
  })

  it.each(PLATFORMS)('%s: a local video is saved as it is, and left where it was', async (target) => {
    const { sim, lib, dir } = loadPlatform(target)
    sim.put(`${dir}/recorded.mp4`, MP4)
    const r = await run(lib, { video: `${dir}/recorded.mp4` })
    expect(r.statuses).toEqual(['authorizing', 'saving', 'saved'])
    expect(sim.calls.filter((c) => /download|write|rename|copy/i.test(c))).toEqual([])
    expect(sim.album).toHaveLength(1)
    await settle(sim)
    expect(sim.files()).toEqual([`${dir}/recorded.mp4`])
  })

  it.each(PLATFORMS)('%s: a video over maxBytes ends TOO_LARGE: by its Content-Length where reported, else by its size after download; nothing left', async (target) => {
    const { sim, lib } = loadPlatform(target)
    sim.server.route(CLIP, { body: MP4, contentType: 'video/mp4', delay: 10 })
    const r = await run(lib, { video: CLIP }, { maxBytes: MP4.length - 1 })
    expect(r.error).toMatchObject({ code: 'TOO_LARGE', message: expect.stringContaining(`${MP4.length} bytes, over maxBytes`) })
    expect(r.statuses[r.statuses.length - 1]).toBe('failed')
    // Where the download reports its size, it is stopped there: never read, never measured.
    expect(sim.calls.includes('fs.stat')).toBe(!REPORTS_DOWNLOADS(target))
    expect(sim.calls.includes('fs.readFile')).toBe(!REPORTS_DOWNLOADS(target))
    await settle(sim)
    await sleep(40)
    expect([sim.album, sim.files(), sim.openTasks(), liveTimers()]).toEqual([[], [], 0, 0])
  })

  it.each(PLATFORMS)('%s: without a Content-Length, a video within maxBytes is measured after download, then saved', async (target) => {
    const { sim, lib } = loadPlatform(target)
    sim.server.route(CLIP, { body: MP4, contentType: 'video/mp4', length: false })
    const r = await run(lib, { video: CLIP })
    expect(r.error).toBeUndefined()
    expect(sim.calls).toContain('fs.stat')
    expect(sim.album).toHaveLength(1)
  })

  it.each(PLATFORMS)('%s: an HTML body served as a video is UNSUPPORTED_FORMAT, and a 404 is refused too; nothing saved or left', async (target) => {
    const { sim, lib } = loadPlatform(target)
    sim.server.route(CLIP, { body: HTML, contentType: 'video/mp4' })
    const page = await run(lib, { video: CLIP })
    expect(page.error).toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: expect.stringContaining('not an MP4 or MOV video') })
    // An image is not a video either.
    sim.server.route(CLIP, { body: PNG, contentType: 'video/mp4' })
    expect((await run(lib, { video: CLIP })).error).toMatchObject({ code: 'UNSUPPORTED_FORMAT' })
    sim.server.route(CLIP, { body: HTML, status: 404, contentType: 'text/html' })
    const notFound = await run(lib, { video: CLIP })
    // Alipay reports no status: the error page lands, and its bytes give it away.
    expect(notFound.error).toMatchObject(REPORTS_DOWNLOADS(target) ? { code: 'HTTP_STATUS', statusCode: 404 } : { code: 'UNSUPPORTED_FORMAT' })
    expect(sim.calls).not.toContain('saveVideoToPhotosAlbum')
    await settle(sim)
    expect([sim.album, sim.files()]).toEqual([[], []])
  })

  it.each(PLATFORMS)('%s: the album scope refused: a video is denied as an image is', async (target) => {
    const { sim, lib } = loadPlatform(target, { dialog: 'deny' })
    sim.server.route(CLIP, { body: MP4, contentType: 'video/mp4' })
    const r = await run(lib, { video: CLIP })
    expect(r.error).toMatchObject({ code: 'AUTH_DENIED' })
    expect([r.statuses[r.statuses.length - 1], sim.dialogs, sim.album.length]).toEqual(['denied', 1, 0])
    await settle(sim)
    expect(sim.files()).toEqual([])
  })

  it.each(PLATFORMS)('%s without saveVideoToPhotosAlbum: a video ends UNSUPPORTED_PLATFORM, no hang, nothing left', async (target) => {
    const { sim, lib } = loadPlatform(target, { without: ['saveVideoToPhotosAlbum'] })
    sim.server.route(CLIP, { body: MP4, contentType: 'video/mp4' })
    const r = await run(lib, { video: CLIP })
    expect(r.error).toMatchObject({ code: 'UNSUPPORTED_PLATFORM', message: expect.stringContaining(`saveVideoToPhotosAlbum() is not available on ${target}`) })
    expect(r.statuses[r.statuses.length - 1]).toBe('failed')
    await settle(sim)
    expect(sim.files()).toEqual([])
  })
})

describe.each(BINDINGS)('saveAll on every platform through %s', (binding) => {
  throughBinding(binding)
  const BATCH = ['https://cdn.test/1.png', 'https://cdn.test/2.png', 'https://cdn.test/3.png']
  const BODIES = [PNG, JPEG, GIF]

  /** Serves the three images, each download taking `delay` ms per progress step. */
  function serveBatch(sim: AnySim, delay = 3) {
    BATCH.forEach((url, i) => sim.server.route(url, { body: BODIES[i], contentType: 'image/png', delay }))
  }
  const codes = (results: { ok: boolean; error?: { code: string } }[]) => results.map((r) => (r.ok ? 'ok' : r.error!.code))

  it.each(PLATFORMS)('%s: three images saved in the order given, with one permission check, nothing left', async (target) => {
    const { sim, lib } = loadPlatform(target)
    // The first download is the slowest: the album still receives them in order.
    serveBatch(sim)
    sim.server.route(BATCH[0], { body: PNG, contentType: 'image/png', delay: 15 })
    const results = await saveAllOf(lib)(BATCH, { timeout: 2000 })
    expect(codes(results)).toEqual(['ok', 'ok', 'ok'])
    expect(sim.album.map((entry, i) => same(entry.bytes, BODIES[i]))).toEqual([true, true, true])
    expect(sim.calls.filter((c) => c === 'getSetting')).toHaveLength(1)
    expect(sim.calls.filter((c) => c === 'authorize')).toHaveLength(SAVE_ASKS(target) ? 0 : 1)
    expect(sim.dialogs).toBe(1)
    await settle(sim)
    expect([sim.files(), sim.openTasks()]).toEqual([[], 0])
  })

  it.each(PLATFORMS)('%s: a 404 in the middle fails that item only; the others are saved, in order', async (target) => {
    const { sim, lib } = loadPlatform(target)
    serveBatch(sim)
    sim.server.route(BATCH[1], { body: HTML, status: 404, contentType: 'text/html' })
    const results = await saveAllOf(lib)(BATCH, { timeout: 2000 })
    expect(codes(results)).toEqual(['ok', REPORTS_DOWNLOADS(target) ? 'HTTP_STATUS' : 'UNSUPPORTED_FORMAT', 'ok'])
    expect(sim.album.map((entry) => entry.bytes)).toEqual([BODIES[0], BODIES[2]])
    await settle(sim)
    expect(sim.files()).toEqual([])
  })

  it.each(PLATFORMS)('%s: an item that fails at once does not let the next one jump ahead: the album still receives them in order', async (target) => {
    const { sim, lib, dir } = loadPlatform(target)
    sim.server.route(BATCH[0], { body: PNG, contentType: 'image/png', delay: 10 })
    sim.put(`${dir}/chosen.jpg`, JPEG)
    const results = await saveAllOf(lib)([BATCH[0], 'ftp://cdn.test/x.png', `${dir}/chosen.jpg`], { timeout: 2000 })
    expect(codes(results)).toEqual(['ok', 'INVALID_SOURCE', 'ok'])
    expect(sim.album.map((entry) => entry.bytes)).toEqual([PNG, JPEG])
  })

  it.each(PLATFORMS)('%s: refused in the dialog: the batch stops at once, every item reports the refusal, nothing left', async (target) => {
    const { sim, lib } = loadPlatform(target, { dialog: 'deny' })
    serveBatch(sim)
    const statuses: SaveStatus[] = []
    const results = await saveAllOf(lib)(BATCH, { timeout: 2000, onStatus: (s) => statuses.push(s) })
    expect(codes(results)).toEqual(['AUTH_DENIED', 'AUTH_DENIED', 'AUTH_DENIED'])
    expect([statuses[statuses.length - 1], sim.dialogs, sim.album.length]).toEqual(['denied', 1, 0])
    // Where authorize asks first, nothing is downloaded; where the save asks, the third item never starts.
    expect(sim.calls.filter((c) => c === 'downloadFile').length).toBeLessThanOrEqual(SAVE_ASKS(target) ? 2 : 0)
    await settle(sim)
    expect([sim.files(), sim.openTasks()]).toEqual([[], 0])
  })

  it.each(PLATFORMS)('%s: the album refusing mid-batch stops the rest: the first stays saved, the others report the refusal', async (target) => {
    const { sim, lib } = loadPlatform(target)
    serveBatch(sim)
    let saves = 0
    sim.onCall = (api) => {
      if (api === 'saveImageToPhotosAlbum' && ++saves === 2) sim.fault(api, ALBUM_REFUSAL[target](api))
    }
    const results = await saveAllOf(lib)(BATCH, { timeout: 2000 })
    expect(codes(results)).toEqual(['ok', 'AUTH_DENIED', 'AUTH_DENIED'])
    expect(sim.album).toHaveLength(1)
    expect(saves).toBe(2)
    await settle(sim)
    expect([sim.files(), sim.openTasks()]).toEqual([[], 0])
  })

  it.each(PLATFORMS)('%s: the dialog is never cut off, whichever item shows it: the first fails before its save (404), the next save asks, and a person slower than timeout still saves', async (target) => {
    const { sim, lib } = loadPlatform(target)
    sim.server.route(BATCH[0], { body: HTML, status: 404, contentType: 'text/html' })
    // The call that shows the dialog answers only once the person tapped "allow", late.
    sim.fault(SAVE_ASKS(target) ? 'saveImageToPhotosAlbum' : 'authorize', { late: 150 })
    const results = await saveAllOf(lib)([BATCH[0], DATA_URL], { timeout: 40 })
    expect(codes(results)).toEqual([REPORTS_DOWNLOADS(target) ? 'HTTP_STATUS' : 'UNSUPPORTED_FORMAT', 'ok'])
    expect([sim.dialogs, sim.album.length]).toEqual([1, 1])
  })

  it.each(PLATFORMS)('%s: once a save of the batch went through, no dialog can come: a later save that never answers is still TIMEOUT', async (target) => {
    const { sim, lib } = loadPlatform(target)
    let saves = 0
    sim.onCall = (api) => {
      if (api === 'saveImageToPhotosAlbum' && ++saves === 2) sim.fault(api, 'silent')
    }
    const results = await saveAllOf(lib)([DATA_URL, DATA_URL], { timeout: 40 })
    expect(codes(results)).toEqual(['ok', 'TIMEOUT'])
  })

  it.each(PLATFORMS)('%s: a slow unlink holds no one: the batch (and each next item) goes on once the album answered; the files go afterwards', async (target) => {
    const { sim, lib } = loadPlatform(target)
    sim.fault('fs.unlink', { late: 400 })
    const started = Date.now()
    const statuses: SaveStatus[] = []
    const results = await saveAllOf(lib)([DATA_URL, DATA_URL], { timeout: 2000, onStatus: (s) => statuses.push(s) })
    // Waiting for each cleanup would take 2 × 400 ms.
    expect(Date.now() - started).toBeLessThan(350)
    expect([codes(results), statuses[statuses.length - 1], sim.album.length]).toEqual([['ok', 'ok'], 'saved', 2])
    expect(sim.files()).not.toEqual([])
    await settle(sim)
    expect(sim.files()).toEqual([])
  })

  it.each(PLATFORMS)('%s: a batch of an image, a canvas and a video, each saved its own way, in order', async (target) => {
    const { sim, lib } = loadPlatform(target)
    serveBatch(sim)
    sim.server.route('https://cdn.test/clip.mp4', { body: MP4, contentType: 'video/mp4' })
    sim.canvas('poster')
    const results = await saveAllOf(lib)([BATCH[1], { canvasId: 'poster' }, { video: 'https://cdn.test/clip.mp4' }], { timeout: 2000 })
    expect(codes(results)).toEqual(['ok', 'ok', 'ok'])
    expect(sim.album.map((entry) => entry.bytes)).toEqual([JPEG, PNG, MP4])
    expect(sim.calls.filter((c) => /^save/.test(c))).toEqual(['saveImageToPhotosAlbum', 'saveImageToPhotosAlbum', 'saveVideoToPhotosAlbum'])
    await settle(sim)
    expect(sim.files()).toEqual([])
  })
})

describe('ByteDance (tt)', () => {
  it('never calls authorize: the save asks, once, and a refusal is read from getSetting next time', async () => {
    const { sim, lib } = loadPlatform('tt', { dialog: 'deny' })
    expect(await run(lib, DATA_URL)).toMatchObject({ error: { code: 'AUTH_DENIED' } })
    expect(sim.authSetting).toEqual({ 'scope.album': false })
    const again = await run(lib, DATA_URL)
    expect(again.error).toMatchObject({ code: 'AUTH_DENIED', message: expect.stringContaining('refused earlier') })
    expect([sim.dialogs, sim.calls.filter((c) => c === 'authorize')]).toEqual([1, []])
  })

  it('reads "system auth deny" (the phone refuses Douyin the album) as SYSTEM_DENIED, though getSetting says the scope is on', async () => {
    const { sim, lib } = loadPlatform('tt', { phone: 'denied' })
    const r = await run(lib, DATA_URL)
    expect(r.error).toMatchObject({ code: 'SYSTEM_DENIED', cause: { errNo: 112089 }, message: expect.stringContaining('抖音') })
    expect([r.statuses[r.statuses.length - 1], sim.authSetting]).toEqual(['denied', { 'scope.album': true }])
  })

  it('leaves a download in ttfile://temp and saves it from there, without filling the user folder', async () => {
    const { sim, lib } = loadPlatform('tt', { sdk: '3.50.0' })
    serve(sim)
    const r = await run(lib, URL)
    expect([r.error, savedFrom(sim)]).toEqual([undefined, expect.stringMatching(/^ttfile:\/\/temp\/.+\.png$/)])
    expect(sim.requests.find((q) => q.api === 'downloadFile')!.options).not.toHaveProperty('filePath')
    expect(sim.calls).not.toContain('fs.writeFile')
  })

  it('copies a download whose temporary name has the wrong extension into the user folder, and removes the copy', async () => {
    const { sim, lib } = loadPlatform('tt')
    serve(sim, { contentType: 'application/octet-stream' })
    const r = await run(lib, URL)
    expect([r.error, savedFrom(sim)]).toEqual([undefined, expect.stringMatching(/^ttfile:\/\/user\/album-.+\.png$/)])
    // rename cannot leave ttfile://temp; copyFile can.
    expect(sim.calls).toContain('fs.copyFile')
    expect(sim.calls).not.toContain('fs.rename')
    await settle(sim)
    expect(sim.files()).toEqual([])
  })

  it('saves a video served as video/mp4 straight from ttfile://temp, without filling the user folder', async () => {
    const { sim, lib } = loadPlatform('tt', { quota: 16 })
    sim.server.route('https://cdn.test/clip.mp4', { body: MP4, contentType: 'video/mp4' })
    const r = await run(lib, { video: 'https://cdn.test/clip.mp4' })
    expect([r.error, savedFrom(sim)]).toEqual([undefined, expect.stringMatching(/^ttfile:\/\/temp\/.+\.mp4$/)])
    expect(sim.calls.filter((c) => /copy|write|rename/.test(c))).toEqual([])
  })

  it('writes a Canvas type="2d" node into the user folder: a full one is WRITE_FAILED, and nothing is left', async () => {
    const { sim, lib, dir } = loadPlatform('tt', { quota: 100 })
    sim.put(`${dir}/other.bin`, new Uint8Array(90))
    const r = await run(lib, { canvas: sim.canvas('poster') })
    expect(r.error).toMatchObject({ code: 'WRITE_FAILED', cause: { errNo: 21103 } })
    await settle(sim)
    expect(sim.files()).toEqual([`${dir}/other.bin`])
  })

  it('writes into env.USER_DATA_PATH where the runtime sets it, ttfile://user otherwise', async () => {
    for (const env of [true, false]) {
      const { sim, lib } = loadPlatform('tt', { env })
      await run(lib, DATA_URL)
      expect(sim.requests.find((q) => q.api === 'fs.writeFile')!.options.filePath).toMatch(/^ttfile:\/\/user\/album-/)
    }
  })

  it('names a full user folder (10 MB) WRITE_FAILED', async () => {
    const { sim, lib, dir } = loadPlatform('tt', { quota: 200 })
    sim.put(`${dir}/other.bin`, new Uint8Array(150))
    expect(await run(lib, DATA_URL)).toMatchObject({ error: { code: 'WRITE_FAILED', cause: { errNo: 21103 } } })
  })
})

describe('Alipay', () => {
  it('asks no authorize (there is none): getSetting, then the save asks; 2003 now, 2002 afterwards', async () => {
    const { sim, lib } = loadPlatform('alipay', { dialog: 'deny' })
    expect(await run(lib, DATA_URL)).toMatchObject({ error: { code: 'AUTH_DENIED', cause: { error: 2003 } } })
    expect(sim.authSetting).toEqual({ album: false })
    // The adapter reads the refusal from getSetting; the platform itself would now answer 2002.
    expect(await run(lib, DATA_URL)).toMatchObject({ error: { code: 'AUTH_DENIED' } })
    sim.authSetting.album = true
    sim.device = 'system'
    expect(await run(lib, DATA_URL)).toMatchObject({ error: { code: 'SYSTEM_DENIED', cause: { error: 15 } } })
  })

  it("an image goes to Alipay's own saveImageToPhotosAlbum, never the online-only my.saveImage Taro 3.6 sends Taro's call to", async () => {
    const { sim, lib, dir } = loadPlatform('alipay')
    sim.authSetting.album = true
    sim.put(`${dir}/chosen.png`, PNG)
    expect(await run(lib, `${dir}/chosen.png`)).toMatchObject({ error: undefined })
    expect(await run(lib, { base64: JPEG_B64 })).toMatchObject({ error: undefined })
    expect(sim.calls.filter((api) => /^save/.test(api))).toEqual(['saveImageToPhotosAlbum', 'saveImageToPhotosAlbum'])
    expect(sim.requests.filter((q) => q.api === 'saveImageToPhotosAlbum').map((q) => q.options.filePath)).toEqual([`${dir}/chosen.png`, expect.stringMatching(/\.jpg$/)])
    expect(sim.album.map((a) => a.bytes.length)).toEqual([PNG.length, JPEG.length])
  })

  it('a non-2xx download that fails (error 12) ends DOWNLOAD_FAILED; http:// is refused (error 20)', async () => {
    const { sim, lib } = loadPlatform('alipay', { httpErrors: 'fail' })
    serve(sim, { status: 500, body: HTML, contentType: 'text/html' })
    expect(await run(lib, URL)).toMatchObject({ error: { code: 'DOWNLOAD_FAILED', cause: { error: 12 } } })
    sim.server.route('http://cdn.test/poster.png', { body: PNG, contentType: 'image/png' })
    expect(await run(lib, 'http://cdn.test/poster.png')).toMatchObject({ error: { code: 'DOWNLOAD_FAILED', cause: { error: 20 } } })
  })

  it('the simulated Alipay really loses a second save made before the first one answered', async () => {
    const { sim, dir } = loadPlatform('alipay')
    sim.authSetting.album = true
    sim.put(`${dir}/a.png`, PNG)
    const answers: string[] = []
    const my = (globalThis as { my?: Record<string, (o: object) => void> }).my!
    for (const id of ['first', 'second']) my.saveImageToPhotosAlbum({ filePath: `${dir}/a.png`, complete: () => answers.push(id) })
    await settle(sim)
    expect(answers).toEqual(['first'])
  })

  it('a save waiting its turn that times out is dropped, never sent; the next one still goes through', async () => {
    const { sim, lib } = loadPlatform('alipay')
    sim.authSetting.album = true
    sim.fault('saveImageToPhotosAlbum', { late: 120 })
    const [a, b] = await Promise.all([run(lib, DATA_URL, { timeout: 40 }), run(lib, { base64: JPEG_B64 }, { timeout: 40 })])
    expect([a.error?.code, b.error?.code]).toEqual(['TIMEOUT', 'TIMEOUT'])
    await settle(sim)
    expect(sim.calls.filter((c) => c === 'saveImageToPhotosAlbum')).toHaveLength(1)
    sim.fault('saveImageToPhotosAlbum')
    expect(await run(lib, DATA_URL)).toMatchObject({ error: undefined })
    // The late first call found its file already removed by its run's cleanup (error 17).
    expect(sim.album).toHaveLength(1)
  })

  it('a video over 10 MB cannot land in the user folder (10028, a file over 10 MB): WRITE_FAILED, nothing left', async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1)
    big.set(MP4)
    const { sim, lib } = loadPlatform('alipay')
    sim.server.route('https://cdn.test/long.mp4', { body: big, contentType: 'video/mp4' })
    const r = await run(lib, { video: 'https://cdn.test/long.mp4' })
    expect(r.error).toMatchObject({ code: 'WRITE_FAILED', cause: { error: 10028 } })
    await settle(sim)
    expect([sim.album, sim.files()]).toEqual([[], []])
  })

  it('a canvas export is a temporary .image file the album takes as it is; videos and images saved at once all answer', async () => {
    const { sim, lib, dir } = loadPlatform('alipay')
    sim.authSetting.album = true
    sim.put(`${dir}/a.mp4`, MP4)
    sim.canvas('poster')
    const [a, b, c] = await Promise.all([run(lib, { video: `${dir}/a.mp4` }), run(lib, { canvasId: 'poster' }), run(lib, { video: `${dir}/a.mp4` })])
    expect([a.error, b.error, c.error]).toEqual([undefined, undefined, undefined])
    expect(sim.requests.filter((q) => q.api === 'saveImageToPhotosAlbum').map((q) => q.options.filePath)).toEqual([expect.stringMatching(/^https:\/\/resource\/.+\.image$/)])
    expect(sim.album).toHaveLength(3)
  })

  it('learns a downloaded image\'s type from getImageInfo: not one byte of it is read into JS', async () => {
    const big = new Uint8Array(4096)
    big.set(JPEG)
    const { sim, lib } = loadPlatform('alipay')
    serve(sim, { body: big })
    expect(await run(lib, URL)).toMatchObject({ error: undefined })
    expect(sim.calls).toContain('getImageInfo')
    expect(sim.calls).not.toContain('fs.readFile')
    expect(sim.album[0].name).toMatch(/\.jpg$/)
  })

  it.each([
    ['an HTML page', HTML],
    ['a HEIC image (getImageInfo says heic)', HEIC],
  ])('refuses %s served as an image: UNSUPPORTED_FORMAT, nothing saved or left', async (_, body) => {
    const { sim, lib } = loadPlatform('alipay')
    serve(sim, { body })
    expect(await run(lib, URL)).toMatchObject({ error: { code: 'UNSUPPORTED_FORMAT' } })
    expect(sim.calls).not.toContain('fs.readFile')
    await settle(sim)
    expect([sim.album, sim.files()]).toEqual([[], []])
  })

  it('reads a video whole (readFile has no position/length) only up to 10 MiB: a larger one is TOO_LARGE, never read', async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1)
    big.set(MP4)
    // A client before 10.2.80 ignores filePath: the download lands, whole, in the temporary folder.
    const { sim, lib } = loadPlatform('alipay', { downloadsToTemp: true })
    sim.server.route('https://cdn.test/long.mp4', { body: big, contentType: 'video/mp4' })
    const r = await run(lib, { video: 'https://cdn.test/long.mp4' })
    expect(r.error).toMatchObject({ code: 'TOO_LARGE', message: expect.stringContaining('readFile') })
    expect(sim.calls).toContain('fs.stat')
    expect(sim.calls).not.toContain('fs.readFile')
    expect(sim.album).toEqual([])
  })

  it('a video within 10 MiB is read and checked; a run that ended while its size was asked never reads it', async () => {
    const { sim, lib } = loadPlatform('alipay', { downloadsToTemp: true })
    sim.server.route('https://cdn.test/clip.mp4', { body: MP4, contentType: 'video/mp4' })
    expect(await run(lib, { video: 'https://cdn.test/clip.mp4' })).toMatchObject({ error: undefined })
    expect(sim.calls.filter((c) => c === 'fs.readFile')).toHaveLength(1)
    sim.calls.length = 0
    sim.fault('fs.stat', { late: 80 })
    expect(await run(lib, { video: 'https://cdn.test/clip.mp4' }, { timeout: 30 })).toMatchObject({ error: { code: 'TIMEOUT' } })
    await sleep(120)
    await settle(sim)
    expect(sim.calls).toContain('fs.stat')
    expect(sim.calls).not.toContain('fs.readFile')
  })
})

describe('Baidu (swan)', () => {
  it.each(['devtools', 'phone'])('reads the %s refusal wording (auth deny / user deny) as AUTH_DENIED', async (device) => {
    const { sim, lib } = loadPlatform('swan', { dialog: 'deny', device })
    expect(await run(lib, DATA_URL)).toMatchObject({ error: { code: 'AUTH_DENIED', cause: { errCode: 10003 } } })
    expect(sim.calls).toContain('authorize')
  })

  it("reads Baidu's own codes: a system refusal (10005 system deny) is SYSTEM_DENIED, which the mini program's settings cannot fix", async () => {
    const { lib } = loadPlatform('swan', { dialog: 'deny', device: 'system' })
    const r = await run(lib, DATA_URL)
    expect(r.error).toMatchObject({ code: 'SYSTEM_DENIED', cause: { errCode: 10005 } })
    expect(r.statuses[r.statuses.length - 1]).toBe('denied')
  })

  it('reads a permission dialog closed without an answer (11003) as CANCELLED: back to idle, nothing recorded', async () => {
    const { sim, lib } = loadPlatform('swan')
    sim.fault('authorize', swan.CANCEL('authorize'))
    const r = await run(lib, DATA_URL)
    expect(r.error).toMatchObject({ code: 'CANCELLED', cause: { errCode: 11003 } })
    expect(r.statuses).toEqual(['authorizing', 'idle'])
    expect(sim.authSetting).toEqual({})
  })

  it('maps by errCode, whatever the wording around it', async () => {
    const { sim, lib } = loadPlatform('swan')
    sim.fault('authorize', { fail: 'authorize:fail 用户拒绝授权', errno: 10003 })
    expect(await run(lib, DATA_URL)).toMatchObject({ error: { code: 'AUTH_DENIED', cause: { errCode: 10003 } } })
  })

  it('writes under swan.env.USER_DATA_PATH', async () => {
    const { sim, lib } = loadPlatform('swan')
    await run(lib, DATA_URL)
    expect(sim.requests.find((q) => q.api === 'fs.writeFile')!.options.filePath).toMatch(/^bdfile:\/\/usr\/album-/)
  })
})

describe("WeChat: the phone's own photos permission", () => {
  /** A WeChat whose phone refuses it the photos, and a controller already denied by that. */
  async function refusedByPhone(options: Parameters<typeof loadPlatform>[1] = {}) {
    const loaded = loadPlatform('weapp', { phone: 'denied', ...options })
    const sim = loaded.sim as unknown as wx.Sim
    const controller = loaded.lib.createSaveController({ timeout: 2000, retryAfterSetting: true })
    expect(await controller.save(DATA_URL)).toMatchObject({ ok: false, error: { code: 'SYSTEM_DENIED' } })
    return { ...loaded, sim, controller }
  }

  it('authorize and getSetting still say yes: only the save tells, in every device wording (WeCom: fail:system permission denied)', async () => {
    for (const device of ['devtools', 'android', 'ios', 'wecom'] as const) {
      const { sim, controller } = await refusedByPhone({ device })
      expect([sim.authSetting[sim.scope], sim.dialogs]).toEqual([true, 1])
      expect(controller.getSnapshot().error!.cause).toEqual({ errMsg: wx.PHONE_DENIALS[device]('saveImageToPhotosAlbum') })
    }
  })

  it("waits on the person in the phone's settings, then reads the permission again; retryAfterSetting saves at once; the onAppShow listener goes", async () => {
    const { sim, controller } = await refusedByPhone()
    sim.phoneSettings.stay = 60
    let answered: boolean | undefined
    void sim.tap(() => controller.openSetting()).then((on) => (answered = on))
    await sleep(30)
    // The page opened, the person is still there: nothing decided yet.
    expect([answered, sim.phoneSettingsVisits, sim.appShowListeners(), controller.getSnapshot().status]).toEqual([undefined, 1, 1, 'denied'])
    await waitUntil(() => controller.getSnapshot().status === 'saved')
    expect([answered, sim.album.length]).toEqual([true, 1])
    expect([sim.appShowListeners(), sim.calls.filter((c) => c === 'getAppAuthorizeSetting').length]).toEqual([0, 1])
  })

  it('back with the photos still refused: false, still denied, nothing saved, no listener left', async () => {
    const { sim, controller } = await refusedByPhone()
    sim.phoneSettings.answer = 'denied'
    expect(await sim.tap(() => controller.openSetting())).toBe(false)
    expect([controller.getSnapshot().status, sim.album.length, sim.appShowListeners(), sim.settingsVisits]).toEqual(['denied', 0, 0, 0])
  })

  it('outside a tap, or on a base library before 2.25.3 (no openAppAuthorizeSetting): false at once, no hang, no listener', async () => {
    const { sim, controller } = await refusedByPhone()
    expect(await controller.openSetting()).toBe(false)
    expect([sim.phoneSettingsVisits, sim.appShowListeners()]).toEqual([0, 0])
    const old = await refusedByPhone({ without: ['openAppAuthorizeSetting'] })
    expect(await old.sim.tap(() => old.controller.openSetting())).toBe(false)
    expect([old.sim.phoneSettingsVisits, old.sim.settingsVisits, old.controller.getSnapshot().status]).toEqual([0, 0, 'denied'])
    expect(old.controller.getSnapshot().error!.message).toContain('打开手机设置 → 微信 → 照片')
  })
})

describe('WeCom (qywx)', () => {
  it("runs on WeChat's API through WeCom's own plugin: a refused dialog in WeCom's words is AUTH_DENIED, the phone's `fail:system permission denied` is SYSTEM_DENIED", async () => {
    const { sim, lib } = loadPlatform('qywx', { dialog: 'deny' })
    const r = await run(lib, DATA_URL)
    expect(r.error).toMatchObject({ code: 'AUTH_DENIED', cause: { errMsg: 'authorize:fail:auth denied' } })
    expect(sim.calls.slice(0, 2)).toEqual(['getSetting', 'authorize'])
    expect(sim.authSetting).toEqual({ 'scope.writePhotosAlbum': false })
    const phone = loadPlatform('qywx', { phone: 'denied' })
    expect((await run(phone.lib, DATA_URL)).error).toMatchObject({ code: 'SYSTEM_DENIED', cause: { errMsg: 'saveImageToPhotosAlbum:fail:system permission denied' } })
  })
})

describe("Taro's sibling targets not confirmed to be a known family", () => {
  it.each([
    ['dd', /DingTalk.*permission/],
    ['lark', /Lark.*scope/],
    ['kwai', /Kuaishou.*scope/],
    ['xhs', /Xiaohongshu.*scope/],
  ])('%s: UNSUPPORTED_PLATFORM saying why it is refused, nothing called', async (target, why) => {
    const { lib } = loadPlatform(target)
    const r = await run(lib, DATA_URL)
    expect(r.error).toMatchObject({ code: 'UNSUPPORTED_PLATFORM', message: expect.stringMatching(why) })
    expect(r.error.message).toContain(`"${target}"`)
    expect(r.statuses).toEqual(['failed'])
  })
})

describe('a target without an album API, or a missing native API', () => {
  it.each([
    // Nothing more to say than the target's name, or why it is refused.
    ['rn', /target "rn"$/],
    ['harmony', /target "harmony": HarmonyOS NEXT/],
    ['quickapp', /target "quickapp"$/],
  ])('%s: save() ends failed UNSUPPORTED_PLATFORM naming the target, without a throw', async (target, says) => {
    const { lib } = loadPlatform(target)
    const controller = lib.createSaveController()
    const result = await controller.save(URL)
    expect(result).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_PLATFORM', message: expect.stringMatching(says) } })
    expect(controller.getSnapshot().status).toBe('failed')
    await expect(lib.saveToAlbum(DATA_URL)).rejects.toMatchObject({ code: 'UNSUPPORTED_PLATFORM' })
  })

  // HarmonyOS NEXT lets an app into the gallery only through SaveButton or showAssetsCreationDialog.
  it.each(['harmony', 'harmony_cpp'])('%s: refuses before any platform call, naming SaveButton and showAssetsCreationDialog', async (target) => {
    // Every WeChat-shaped API is there to call: the refusal must still come first.
    const sim = simulate()
    sim.server.route(URL, { body: PNG, contentType: 'image/png' })
    const lib = loadFor(target)
    // As the build fixes it (loadFor puts the variable back once the package is loaded).
    process.env.TARO_ENV = target
    for (const source of [URL, DATA_URL, { canvasId: 'poster' }, { video: 'https://cdn.test/clip.mp4' }] as const) {
      const error = await lib.saveToAlbum(source).catch((e) => e)
      expect(error).toMatchObject({ code: 'UNSUPPORTED_PLATFORM', message: expect.stringMatching(new RegExp(`${target}.*SaveButton.*showAssetsCreationDialog`, 's')) })
    }
    expect(sim.calls).toEqual([])
    expect(sim.album).toEqual([])
  })

  it.each(PLATFORMS)('%s without saveImageToPhotosAlbum: UNSUPPORTED_PLATFORM, no hang', async (target) => {
    const { lib } = loadPlatform(target, { without: ['saveImageToPhotosAlbum'] })
    const r = await run(lib, DATA_URL)
    expect(r.error).toMatchObject({ code: 'UNSUPPORTED_PLATFORM', message: expect.stringContaining(target) })
    expect(r.statuses[r.statuses.length - 1]).toBe('failed')
  })
})

describe('adapters: what a platform leaves behind, and the export settings of a Douyin canvas node', () => {
  const unlinked = (sim: AnySim) => sim.requests.filter((q) => q.api === 'fs.unlink').map((q) => q.options.filePath)

  it.each<[string, { fail: string; errno: number } | undefined, number]>([
    ['removed', undefined, 1],
    ['already gone (10022)', { fail: '文件/目录不存在', errno: 10022 }, 1],
    ['not ours to remove (10024)', { fail: '指定的路径没有读写权限', errno: 10024 }, 1],
    ['refused for another reason (3)', { fail: '未知错误', errno: 3 }, 2],
  ])('Alipay: a file whose unlink answered %s is tried again by the next run only when it may still be there', async (_, fault, next) => {
    const { sim, lib } = loadPlatform('alipay')
    sim.authSetting.album = true
    if (fault) sim.fault('fs.unlink', fault)
    expect(await run(lib, DATA_URL)).toMatchObject({ error: undefined })
    await settle(sim)
    const first = unlinked(sim)
    expect(first).toHaveLength(1)
    sim.fault('fs.unlink')
    sim.requests.length = 0
    expect(await run(lib, DATA_URL)).toMatchObject({ error: undefined })
    await settle(sim)
    expect(unlinked(sim)).toHaveLength(next)
    if (next === 2) expect(unlinked(sim)).toContain(first[0])
  })

  it('Alipay: a video of exactly 10 MiB is still read whole and saved', async () => {
    const edge = new Uint8Array(10 * 1024 * 1024)
    edge.set(MP4)
    const { sim, lib } = loadPlatform('alipay', { downloadsToTemp: true })
    sim.server.route('https://cdn.test/edge.mp4', { body: edge, contentType: 'video/mp4' })
    expect(await run(lib, { video: 'https://cdn.test/edge.mp4' })).toMatchObject({ error: undefined })
    expect(sim.calls).toContain('fs.readFile')
    expect(sim.album).toHaveLength(1)
  })

  it('tt: a Canvas type="2d" node asked for jpg is exported as JPEG, written as .jpg and saved', async () => {
    const { sim, lib, dir } = loadPlatform('tt')
    const r = await run(lib, { canvas: sim.canvas('poster'), fileType: 'jpg' })
    expect(r.error).toBeUndefined()
    const write = sim.requests.find((q) => q.api === 'fs.writeFile')!.options
    expect(write).toMatchObject({ data: JPEG_B64, encoding: 'base64', filePath: expect.stringMatching(new RegExp(`^${dir}/canvas-[0-9a-z]+\\.jpg$`)) })
    expect(savedFrom(sim)).toBe(write.filePath)
    expect(same(sim.album[0].bytes, JPEG)).toBe(true)
    await settle(sim)
    expect(sim.files()).toEqual([])
  })

  it('tt: a canvas node whose write lands after its run timed out is removed when it lands', async () => {
    const { sim, lib } = loadPlatform('tt')
    sim.fault('fs.writeFile', { late: 120 })
    const r = await run(lib, { canvas: sim.canvas('poster') }, { timeout: 40 })
    expect(r.error).toMatchObject({ code: 'TIMEOUT' })
    await sleep(160)
    await settle(sim)
    expect(sim.calls).toContain('fs.writeFile')
    expect([sim.album, sim.files()]).toEqual([[], []])
  })

  it.each([
    ['weapp', '微信'],
    ['qq', 'QQ'],
    ['jd', '京东'],
  ])("%s: the phone refusing the host app its photos names that app's own settings page", async (target, host) => {
    const { lib } = loadPlatform(target, { phone: 'denied' })
    const r = await run(lib, DATA_URL)
    expect(r.error).toMatchObject({ code: 'SYSTEM_DENIED', message: expect.stringContaining(`打开手机设置 → ${host} → 照片`) })
  })

  it('tt: a canvas node with no image to give fails without touching any file', async () => {
    const { sim, lib } = loadPlatform('tt')
    const r = await run(lib, { canvas: sim.canvas('unsized', { drawn: false }) })
    expect(r.error).toMatchObject({ code: 'CANVAS_FAILED' })
    await settle(sim)
    expect(sim.calls.filter((c) => c.startsWith('fs.'))).toEqual([])
  })

  it.each([
    ['a GIF', GIF, 'gif'],
    ['a WebP', WEBP, 'webp'],
  ])('Alipay: %s download, typed by getImageInfo, is saved with its own extension', async (_, body, ext) => {
    const { sim, lib } = loadPlatform('alipay')
    serve(sim, { body, contentType: 'application/octet-stream' })
    expect(await run(lib, URL)).toMatchObject({ error: undefined })
    expect(sim.album).toHaveLength(1)
    expect(sim.album[0].name).toMatch(new RegExp(`\\.${ext}$`))
  })

  it('tt: an object passed as a canvas node that has no toDataURL (not a Canvas type="2d" node) fails CANVAS_FAILED, saying the node gave no image', async () => {
    const { sim, lib } = loadPlatform('tt')
    const r = await run(lib, { canvas: {} })
    expect(r.error).toMatchObject({ code: 'CANVAS_FAILED', message: expect.stringContaining('The canvas node gave no image') })
    await settle(sim)
    expect([sim.album, sim.files()]).toEqual([[], []])
  })
})
