/**
 * taro-save-to-album/testing: the simulated platforms the package's own behaviour table runs on,
 * for an app's component tests. `simulateAlbum(family, answers)` puts a fresh simulated phone
 * under the package (its album, permission, dialogs, settings page, file system and server), and
 * hands back what a test reads afterwards: `album`, `calls`, `files()`. Never imported by the
 * main entries: nothing of it reaches a production build.
 */
import { initNativeApi as alipayApi } from '@tarojs/plugin-platform-alipay/dist/runtime-utils.js'
import { initNativeApi as swanApi } from '@tarojs/plugin-platform-swan/dist/runtime-utils.js'
import { initNativeApi as ttApi } from '@tarojs/plugin-platform-tt/dist/runtime-utils.js'
import { initNativeApi as weappApi } from '@tarojs/plugin-platform-weapp/dist/runtime-utils.js'
import type { Adapters } from '../platform'
import type { Platform } from '../platform/types'
import { type BrowserDownload, type BrowserRoute, simulateBrowser, type SimulatedBrowser, WECHAT_USER_AGENT } from './browser'
import { HTML, MP4, PNG } from './images'
import { createMy } from './my'
import { createSwan } from './swan'
import { createTt } from './tt'
import { createWx } from './wx'

/**
 * The Taro targets the kit simulates: WeChat and its siblings on WeChat's runtime, ByteDance, Alipay, Baidu, and the browser (`h5`).
 *
 * @example
 * const families: Family[] = ['weapp', 'alipay']
 * for (const family of families) simulateAlbum(family, { album: 'refused' })
 */
export type Family = 'weapp' | 'qq' | 'jd' | 'qywx' | 'tt' | 'alipay' | 'swan' | 'h5'

/**
 * What a URL answers: an image, a video, an HTML page (a login wall), an HTTP error status, a
 * slow image that reports progress, or no answer at all.
 *
 * @example
 * simulateAlbum('weapp', { urls: { 'https://cdn.example.com/a.png': 'slow', 'https://cdn.example.com/b.png': 404 } })
 */
export type UrlAnswer = 'image' | 'video' | 'html' | 'slow' | 'none' | number

/**
 * The phone and the person, a line each.
 *
 * @example
 * simulateAlbum('weapp', { album: 'refused', settings: 'on', urls: { 'https://cdn.example.com/a.png': 'image' } })
 */
export interface AlbumAnswers {
  /** The album permission before the save: never asked (default), granted, or refused earlier. */
  album?: 'unasked' | 'granted' | 'refused'
  /** What the person answers in the permission dialog. Default `allow`. */
  dialog?: 'allow' | 'deny'
  /** What the person does on the settings page: turn the album on (default) or leave it off. */
  settings?: 'on' | 'off'
  /** Where the platform shows a saving sheet (the browser's share sheet on h5): save (default) or cancel it. */
  sheet?: 'save' | 'cancel'
  /**
   * h5 only, the browser the page runs in: a desktop one (default; a mouse, so files download), a
   * phone's (a finger, and the share sheet), or WeChat's in-app browser (the long-press overlay).
   */
  browser?: 'desktop' | 'phone' | 'wechat'
  /** The phone's own photos permission for the host app. Default `authorized`. */
  phone?: 'authorized' | 'denied'
  /** The privacy agreement (WeChat's family): agreed (default), or pending (the sheet shows, agreed). */
  privacy?: 'agreed' | 'pending'
  /** Bytes the user folder may still hold: `0` is a full folder. */
  space?: number
  /** What each URL answers; any other URL is not in the app's domain list. */
  urls?: Record<string, UrlAnswer>
}

/**
 * A simulated phone under the package: what reached the album, which platform calls were made,
 * which files are left, and its answers, which a test may change between two taps.
 *
 * @example
 * const phone = simulateAlbum('weapp', { album: 'refused' })
 * phone.answers({ settings: 'on' })
 * expect(phone.album).toHaveLength(1)
 */
export interface SimulatedAlbum<F extends Family = Family> {
  family: F
  /**
   * What reached the album, in order (a file's name and bytes). On h5, the files handed to the
   * browser (downloaded, or saved from the share sheet), read a moment later: await it (`waitFor`).
   */
  readonly album: { name: string; bytes: Uint8Array }[]
  /** The platform calls made, in order (`fs.writeFile` for the file system; on h5 `fetch`, `download`, `share`). */
  readonly calls: string[]
  /** h5 only (empty elsewhere): the browser's downloads, each the link's name and the file it held, as they happen. */
  readonly downloads: BrowserDownload[]
  /** Files left in the app's user folder (a browser has none). */
  files(): string[]
  /** Permission dialogs shown so far. */
  readonly dialogs: number
  /** Visits to the settings page so far (opened by the settings button or by `openSetting()`). */
  readonly settingsVisits: number
  /** Changes the answers from now on (e.g. refuse, then turn the album on in settings). */
  answers(more: AlbumAnswers): void
  /** The engine's own simulation, for what the answers above do not cover. */
  readonly runtime: [F] extends ['h5'] ? SimulatedBrowser : MiniProgramRuntime
}

/** A mini program's simulated runtime. */
type MiniProgramRuntime = ReturnType<typeof createWx> | ReturnType<typeof createTt> | ReturnType<typeof createMy> | ReturnType<typeof createSwan>
/** One family's simulation: a mini program's runtime, or the browser. */
type Runtime = MiniProgramRuntime | SimulatedBrowser

const ROUTES: Record<Exclude<UrlAnswer, number>, object> = {
  image: { body: PNG, contentType: 'image/png' },
  video: { body: MP4, contentType: 'video/mp4' },
  html: { body: HTML, contentType: 'text/html' },
  slow: { body: PNG, contentType: 'image/png', delay: 20, progressEvents: 3 },
  none: { hang: true },
}

/**
 * Each family's runtime, the native global its Taro plugin reads, the plugin's own way of making
 * the Taro API of it (bundled from Taro 4.2's platform plugins; QQ, JD and WeCom take WeChat's,
 * which promisifies the same APIs), and the adapter a build for it takes.
 */
const FAMILIES: Record<Exclude<Family, 'h5'>, { create: (o: object) => MiniProgramRuntime; global: string; api: (taro: object) => void; adapter: (a: Adapters) => Platform }> = {
  weapp: { create: (o) => createWx(o), global: 'wx', api: weappApi, adapter: (a) => a.weapp('scope.writePhotosAlbum') },
  qq: { create: (o) => createWx(o), global: 'wx', api: weappApi, adapter: (a) => a.weapp('scope.writePhotosAlbum') },
  jd: { create: (o) => createWx(o), global: 'wx', api: weappApi, adapter: (a) => a.weapp('scope.writePhotosAlbum') },
  qywx: { create: (o) => createWx({ device: 'wecom', ...o }), global: 'wx', api: weappApi, adapter: (a) => a.weapp('scope.writePhotosAlbum') },
  tt: { create: (o) => createTt(o), global: 'tt', api: ttApi, adapter: (a) => a.tt() },
  alipay: { create: (o) => createMy(o), global: 'my', api: alipayApi, adapter: (a) => a.alipay() },
  swan: { create: (o) => createSwan(o), global: 'swan', api: swanApi, adapter: (a) => a.swan() },
}

const g = globalThis as Record<string, any>

const SETUP_MISSING =
  "taro-save-to-album/testing: the setup did not run. With jest, add setupFilesAfterEnv: ['taro-save-to-album/testing/jest'] and testEnvironment: 'jsdom' to jest.config; with vitest, plugins: [simulatedAlbum()] from 'taro-save-to-album/testing/vitest' (README, \"Testing your screens\")."

/**
 * The simulation of the moment, and the Taro API over it: kept on globalThis, so a runner that
 * loads this file twice (vitest: once as ES module for the test, once as CommonJS for the stand-in
 * `@tarojs/taro`) still has one phone.
 */
type Simulation = { family: Family; runtime: Runtime; taro: Record<string, any>; adapter?: Platform; end?: () => void }
const simulation = {
  get current(): Simulation | undefined {
    return g.__taroSaveToAlbumSimulation
  },
  set current(next: Simulation | undefined) {
    g.__taroSaveToAlbumSimulation = next
  },
}

function native(runtime: Runtime): Record<string, any> {
  return (runtime as { native: Record<string, any> }).native
}

/**
 * What Taro's processApis expects of the Taro object besides the APIs it fills in (its request
 * chain, options, config) and of the mini-program globals it reads; the package uses none of them.
 */
function taroBase(): Record<string, any> {
  g.getCurrentPages ??= () => []
  g.getApp ??= () => ({})
  g.requirePlugin ??= () => ({})
  class Link {
    request() {}
    addInterceptor() {}
    cleanInterceptors() {}
  }
  return { Link, options: {}, config: {} }
}

/** Applies answers to a runtime. */
function answer(runtime: Runtime, a: AlbumAnswers) {
  const sim = runtime as Runtime & Record<string, any>
  if (a.album === 'granted') sim.authSetting[sim.scope] = true
  if (a.album === 'refused') sim.authSetting[sim.scope] = false
  if (a.album === 'unasked') delete sim.authSetting[sim.scope]
  if (a.dialog) sim.dialog = a.dialog
  if (a.settings) sim.settings.answer = a.settings
  if (a.sheet) sim.sheet = a.sheet
  if (a.phone) sim.phone = a.phone
  if (a.privacy) sim.privacy = a.privacy
  if (a.space !== undefined) sim.quota = a.space
  for (const [url, route] of Object.entries(a.urls ?? {})) {
    sim.server.route(url, typeof route === 'number' ? { status: route, body: HTML, contentType: 'text/html' } : ROUTES[route])
  }
}

/**
 * A fresh simulated phone of `family` under the package, answering as `answers` say. Call it in
 * each test (the setup calls `simulateAlbum('weapp')` before each one).
 *
 * @example
 * const phone = simulateAlbum('alipay', { dialog: 'deny', urls: { [url]: 'image' } })
 */
export function simulateAlbum<F extends Family = 'weapp'>(family: F = 'weapp' as F, answers: AlbumAnswers = {}): SimulatedAlbum<F> {
  if (!g.__taroSaveToAlbumSimulated) throw new Error(SETUP_MISSING)
  if (family !== 'h5' && !FAMILIES[family as Exclude<Family, 'h5'>]) throw new Error(`simulateAlbum('${family}'): the families are ${Object.keys(FAMILIES).join(', ')}, h5`)
  // The browser of an earlier simulation gives jsdom its own pieces back.
  simulation.current?.end?.()
  if (family === 'h5') return simulateBrowserAlbum(answers) as SimulatedAlbum<F>
  const spec = FAMILIES[family as Exclude<Family, 'h5'>]
  const { privacy, ...rest } = answers
  const runtime = spec.create({ privacy: privacy === 'pending' && family !== 'weapp' && family !== 'qq' && family !== 'jd' && family !== 'qywx' ? 'agreed' : privacy })
  answer(runtime, rest)
  const taro = taroBase()
  // The plugin reads its native global by name, as it does in an app.
  g[spec.global] = native(runtime)
  spec.api(taro)
  process.env.TARO_ENV = family
  simulation.current = { family, runtime, taro }
  const sim = runtime as Runtime & Record<string, any>
  const phone: SimulatedAlbum<Exclude<Family, 'h5'>> = {
    family,
    runtime,
    get album() {
      return sim.album
    },
    get calls() {
      return sim.calls
    },
    get dialogs() {
      return sim.dialogs
    },
    get settingsVisits() {
      return sim.settingsVisits
    },
    downloads: [],
    files: () => sim.files(),
    answers: (more) => answer(runtime, more),
  }
  return phone as SimulatedAlbum<F>
}

/** What each URL answers in the browser: a CDN that allows the page to read its files (CORS). */
function browserRoute(answer: UrlAnswer): BrowserRoute {
  const cors = { 'Access-Control-Allow-Origin': '*' }
  if (typeof answer === 'number') return { status: answer, body: HTML, headers: { ...cors, 'Content-Type': 'text/html' } }
  if (answer === 'video') return { body: MP4, headers: { ...cors, 'Content-Type': 'video/mp4' } }
  if (answer === 'html') return { body: HTML, headers: { ...cors, 'Content-Type': 'text/html' } }
  if (answer === 'slow') return { body: PNG, headers: { ...cors, 'Content-Type': 'image/png' }, chunks: 3, every: 20 }
  if (answer === 'none') return { body: PNG, headers: cors, hang: true }
  return { body: PNG, headers: { ...cors, 'Content-Type': 'image/png' } }
}

/** Each `browser` answer: its user agent, whether its pointer is a finger; all of them can share files, as today's browsers do. */
const BROWSERS: Record<NonNullable<AlbumAnswers['browser']>, { userAgent: string; touch: boolean }> = {
  desktop: { userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', touch: false },
  phone: { userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1', touch: true },
  wechat: { userAgent: WECHAT_USER_AGENT, touch: true },
}

/** The browser (Taro's h5 target) as a simulated album: what was downloaded or shared and saved. */
function simulateBrowserAlbum(answers: AlbumAnswers): SimulatedAlbum<'h5'> {
  const routes: Record<string, BrowserRoute> = {}
  const album: { name: string; bytes: Uint8Array }[] = []
  // Downloads reach the album when clicked; shared files when the person saves the sheet.
  const handedOver = (name: string, file: Blob) => void file.arrayBuffer().then((b) => album.push({ name, bytes: new Uint8Array(b) }))
  // One object, read by the browser at each use: answers() changes it between two taps.
  const options = { routes, handedOver, share: { answer: 'save' as 'save' | 'cancel' }, ...BROWSERS.desktop }
  const apply = (a: AlbumAnswers) => {
    if (a.browser) Object.assign(options, BROWSERS[a.browser])
    if (a.sheet) options.share.answer = a.sheet
    for (const [url, route] of Object.entries(a.urls ?? {})) routes[url] = browserRoute(route)
  }
  apply(answers)
  const browser = simulateBrowser(options)
  process.env.TARO_ENV = 'h5'
  // The next test's page starts clean: a long-press overlay left open is closed as the person would (a tap on it).
  const end = () => {
    document.querySelectorAll<HTMLElement>('[data-save-to-album="long-press"]').forEach((overlay) => overlay.click())
    browser.restore()
  }
  simulation.current = { family: 'h5', runtime: browser, taro: {}, end }
  return {
    family: 'h5',
    runtime: browser,
    album,
    calls: browser.calls,
    downloads: browser.downloads,
    dialogs: 0,
    settingsVisits: 0,
    files: () => [],
    answers: apply,
  }
}

/** The simulation of the moment: a fresh WeChat when no test chose one. */
function now(): Simulation {
  if (!simulation.current) simulateAlbum('weapp')
  return simulation.current!
}

/** Every API name any family's runtime has: the stand-in's keys exist before the package reads them. */
const API_NAMES = new Set(Object.values(FAMILIES).flatMap((f) => Object.keys(native(f.create({})))).concat(['env', 'onNeedPrivacyAuthorization', 'requirePrivacyAuthorize', 'getPrivacySetting', 'openPrivacyContract']))

/**
 * The stand-in for `@tarojs/taro` the setups install: each API reads the simulated phone of the
 * moment, promisified by Taro's own `processApis`, as a mini-program build does.
 *
 * @example
 * jest.mock('@tarojs/taro', () => require('taro-save-to-album/testing').taro)
 */
export const taro: Record<string, any> = { __esModule: true }
for (const name of API_NAMES) Object.defineProperty(taro, name, { enumerable: true, get: () => now().taro[name] })
Object.defineProperty(taro, 'default', { enumerable: false, get: () => taro })

/**
 * Makes the package, when it loads, take the simulated family's adapter (development builds only).
 * The setups call it; call it yourself only with a runner of your own, before the package loads.
 *
 * @example
 * installSimulatedAlbum()
 */
export function installSimulatedAlbum() {
  g.__taroSaveToAlbumSimulated = (adapters: Adapters) => {
    /** The current simulation's adapter, made once per simulation. */
    const adapter = () => {
      const c = now()
      c.adapter ??= c.family === 'h5' ? adapters.h5() : FAMILIES[c.family].adapter(adapters)
      return c.adapter as unknown as Record<string | symbol, unknown>
    }
    return new Proxy({} as Platform, {
      get: (_target, key) => adapter()[key],
      // The privacy store wraps the adapter's privacy step: it must land on the adapter itself.
      set: (_target, key, value) => ((adapter()[key] = value), true),
    })
  }
  process.env.TARO_ENV ||= 'weapp'
}

/**
 * The stand-in for `@tarojs/components` (Button, View, Text, Image) the setups install.
 *
 * @example
 * jest.mock('@tarojs/components', () => require('taro-save-to-album/testing').components)
 */
export * as components from './components'
