/**
 * Runs the example's weapp build (example/dist/weapp) in plain Node, the way Taro's own
 * prerender does: fake App / Page / Component / getCurrentPages / getApp globals over a
 * simulated `wx` (the package's test runtime, __tests__/runtime/wx.ts), plus what the page and
 * Taro's runtime need beyond it (a Canvas 2d node from createSelectorQuery, getSystemInfoSync…).
 *
 * The host keeps the page's `data` as WeChat would (applying Taro's setData paths), records
 * every setData payload, decodes Taro's compressed templates (base.wxml) back into tag and
 * attribute names, and fires taps through the page's event handler `eh` inside `sim.tap()`.
 * A pressed Button does what its open type does on a device: base.wxml binds `bindopensetting`
 * and `bindagreeprivacyauthorization` to `eh` as well, so after the tap the host fires those
 * events through `eh` too, once the settings page or the agreement tap is done.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createWx, type SimOptions } from '../__tests__/runtime/wx'
import { EXAMPLE } from './helpers'

export const WEAPP_DIST = join(EXAMPLE, 'dist', 'weapp')

export type Sim = ReturnType<typeof createWx>

/** A node of the page's rendered tree, decoded: tag, attributes by their wxml names, children. */
export interface MpNode {
  tag: string
  /** Taro's node name before the template lookup: a View without handlers is `static-view` or `pure-view`. */
  nn: string
  id?: string
  sid?: string
  className?: string
  attrs: Record<string, unknown>
  text?: string
  children: MpNode[]
}

// A tiny PNG encoder, so the fake canvas exports a real image.
const { encodePng } = require('../scripts/png.cjs') as {
  encodePng: (width: number, height: number, rgbAt: (x: number, y: number) => [number, number, number]) => Buffer
}

// ---------------------------------------------------------------------------------------------
// A Canvas 2d node: records drawing calls; toDataURL() returns a real PNG of its size.

export interface FakeCanvas {
  width: number
  height: number
  /** Every context call and property set, in order: ['fillText', '海报 Poster', 36, 24], ['set', 'font', …]. */
  ops: unknown[][]
  /** Whether anything was drawn (what the simulated canvasToTempFilePath reads: a blank canvas is "canvas is empty"). */
  readonly drawn: boolean
  getContext(type: string): any
  toDataURL(type?: string): string
  createImage(): object
  requestAnimationFrame(cb: () => void): number
}

/**
 * Makes `node` (by default a new object; the host passes the simulated runtime's own canvas, so
 * that canvasToTempFilePath finds it) a Canvas 2d node whose context records every call.
 */
export function createFakeCanvas(node: object = {}): FakeCanvas {
  const drawn: unknown[][] = []
  const state: Record<string, unknown> = {}
  const ctx: any = new Proxy(state, {
    get(target, prop) {
      if (typeof prop !== 'string') return undefined
      if (prop in target) return target[prop]
      if (prop === 'canvas') return canvas
      if (prop === 'createLinearGradient' || prop === 'createRadialGradient') {
        return (...args: unknown[]) => {
          drawn.push([prop, ...args])
          return { addColorStop: (...a: unknown[]) => drawn.push(['addColorStop', ...a]) }
        }
      }
      if (prop === 'measureText') return (text: string) => ({ width: text.length * 10 })
      return (...args: unknown[]) => {
        drawn.push([prop, ...args])
      }
    },
    set(target, prop, value) {
      drawn.push(['set', prop, value])
      target[prop as string] = value
      return true
    },
  })
  const canvas: FakeCanvas = Object.assign(node, {
    width: 300,
    height: 150,
    ops: drawn,
    getContext: (type: string) => (type === '2d' ? ctx : null),
    toDataURL(type = 'image/png') {
      if (type !== 'image/png') throw new Error(`fake canvas: only image/png, got ${type}`)
      const w = canvas.width
      const h = canvas.height
      const png = encodePng(w, h, (x, y) => [255 - Math.round((x / w) * 140), 122 - Math.round((y / h) * 76), 69 + Math.round((x / w) * 140)])
      return `data:image/png;base64,${png.toString('base64')}`
    },
    createImage: () => ({}),
    requestAnimationFrame: (cb: () => void) => setTimeout(cb, 16) as unknown as number,
  }) as unknown as FakeCanvas
  // A getter, over the plain flag the simulated runtime's canvas starts with.
  Object.defineProperty(canvas, 'drawn', {
    get: () => drawn.some(([op]) => /^(fill|stroke|drawImage|putImageData)/.test(String(op))),
    enumerable: true,
    configurable: true,
  })
  return canvas
}

// ---------------------------------------------------------------------------------------------
// Taro's compressed templates: nn → tag, pN → attribute name.

function readTemplates(dist: string) {
  const wxml = readFileSync(join(dist, 'base.wxml'), 'utf8')
  const tags: Record<string, { tag: string; props: Record<string, string> }> = {}
  const re = /<template name="tmpl_0_([^"]+)">\s*<([\w-]+)([^>]*)>/g
  for (let m; (m = re.exec(wxml)); ) {
    const [, nn, tag, attrText] = m
    const props: Record<string, string> = {}
    for (const a of attrText.matchAll(/([\w:-]+)="\{\{[^"]*?\bi\.(p\d+)\b/g)) props[a[2]] = a[1]
    tags[nn] = { tag, props }
  }
  return tags
}

/** Sets `value` at a Taro setData path such as `root.cn.[0].cn.[2].v` or `root.cn[0]`. */
function setPath(data: Record<string, any>, path: string, value: unknown) {
  const keys = path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
  let o: any = data
  keys.forEach((k, i) => {
    if (i === keys.length - 1) {
      o[k] = value
      return
    }
    if (o[k] == null || typeof o[k] !== 'object') o[k] = /^\d+$/.test(keys[i + 1]) ? [] : {}
    o = o[k]
  })
}

const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)))

// ---------------------------------------------------------------------------------------------

export interface Host {
  sim: Sim
  /** The page instance: its `data` is what WeChat would render. */
  page: Record<string, any>
  /** Every setData payload the page sent, in order (deep copies). */
  setDataLog: Record<string, unknown>[]
  /** Called after each setData is applied to `page.data`: what the view would now show. */
  onRender?: () => void
  /** The canvas node createSelectorQuery hands out for `#poster`. */
  canvas: FakeCanvas
  /** Selectors the page queried. */
  queries: string[]
  /** The rendered tree, decoded. */
  tree(): MpNode[]
  /** The first node whose id (uid) is `id`, or undefined. */
  byId(id: string): MpNode | undefined
  textOf(node: MpNode | undefined): string
  /** The text of the element with this id ('' when it is not rendered). */
  text(id: string): string
  /** Waits until the element with this id reads `word`; fails with what it reads and the wx calls so far. */
  waitText(id: string, word: string, ms?: number): Promise<void>
  /** Fires a tap on the element with this id, as the user's gesture (inside sim.tap). */
  tap(id: string): void
  /**
   * A person's tap on a Button, as a device handles it: nothing on a disabled one; the tap; then
   * its open type: `openSetting` opens the settings page and, once the person leaves it, fires
   * `opensetting` with the new authSetting (not when a tap handler sits on the button or its
   * parent, NervJS/taro#636); `agreePrivacyAuthorization` records the agree tap and fires
   * `agreeprivacyauthorization`. Every event goes through the page's `eh`.
   */
  press(id: string): void
  /** Event types with a handler on the element with this id and on each of its ancestors, nearest first (Taro's own DOM). */
  handlersUp(id: string): string[][]
  /** Waits until `check()` is truthy (polling), or fails with `what` and the last value. */
  waitFor<T>(check: () => T, what: string, ms?: number): Promise<T>
  /** Unloads the page, lets its last timers run, and restores the globals. */
  close(): Promise<void>
}

/**
 * Loads app.js and pages/index/index.js from the weapp build (`dist`: the React demo's by default,
 * or another app's, such as example-vue/dist/weapp) into fresh module registries, with a new
 * simulated WeChat, and runs App onLaunch/onShow, Page onLoad/onShow/onReady.
 */
export async function launch(options: SimOptions = {}, prepare?: (sim: Sim) => void, dist = WEAPP_DIST): Promise<Host> {
  const sim = createWx(options)
  prepare?.(sim)
  // The poster's node is the simulated runtime's own canvas, so canvasToTempFilePath({ canvas }) finds it.
  const canvas = createFakeCanvas(sim.canvas('poster', { drawn: false }))
  const queries: string[] = []
  let closed = false

  // What the page and Taro's runtime call beyond the album flow.
  const systemInfo = {
    pixelRatio: 2,
    windowWidth: 375,
    windowHeight: 667,
    screenWidth: 375,
    screenHeight: 667,
    statusBarHeight: 20,
    platform: 'devtools',
    brand: 'devtools',
    model: 'iPhone 6/7/8',
    system: 'iOS 10.0.1',
    version: '8.0.5',
    SDKVersion: '3.7.0',
    language: 'zh_CN',
  }
  const createSelectorQuery = () => {
    const pending: { selector: string; fields: Record<string, boolean>; cb?: (r: unknown) => void }[] = []
    const query: any = {
      in: () => query,
      select(selector: string) {
        const entry: (typeof pending)[number] = { selector, fields: {} }
        pending.push(entry)
        const ref = {
          fields(fields: Record<string, boolean>, cb?: (r: unknown) => void) {
            entry.fields = fields
            entry.cb = cb
            return query
          },
          boundingClientRect(cb?: (r: unknown) => void) {
            entry.fields = { rect: true, size: true }
            entry.cb = cb
            return query
          },
          node(cb?: (r: unknown) => void) {
            entry.fields = { node: true }
            entry.cb = cb
            return query
          },
        }
        return ref
      },
      selectAll: (selector: string) => query.select(selector),
      selectViewport: () => query.select('viewport'),
      exec(cb?: (r: unknown[]) => void) {
        setTimeout(() => {
          if (closed) return
          const results = pending.map(({ selector, fields, cb: one }) => {
            queries.push(selector)
            let r: Record<string, unknown> | null = null
            if (selector === '#poster') {
              r = {}
              if (fields.node) Object.assign(r, { node: canvas, nodeCanvasType: '2d' })
              if (fields.size || fields.rect) Object.assign(r, { width: 300, height: 200 })
              if (fields.rect) Object.assign(r, { left: 0, top: 0, right: 300, bottom: 200 })
            }
            one?.(r)
            return r
          })
          cb?.(results)
        }, 1)
        return query
      },
    }
    return query
  }
  Object.assign(sim.wx, {
    getSystemInfoSync: () => ({ ...systemInfo }),
    getWindowInfo: () => ({ ...systemInfo }),
    getDeviceInfo: () => ({ ...systemInfo }),
    getAppBaseInfo: () => ({ ...systemInfo }),
    getSystemInfo: (o: any = {}) => setTimeout(() => (o.success?.({ ...systemInfo }), o.complete?.()), 1),
    createSelectorQuery,
    nextTick: (fn: () => void) => setTimeout(fn, 0),
    showToast: (o: any = {}) => setTimeout(() => (o.success?.({ errMsg: 'showToast:ok' }), o.complete?.()), 1),
    hideToast: () => undefined,
    onAppRoute: () => undefined,
    getLaunchOptionsSync: () => ({ path: 'pages/index/index', query: {}, scene: 1001 }),
    getEnterOptionsSync: () => ({ path: 'pages/index/index', query: {}, scene: 1001 }),
  })

  const g = globalThis as any
  const apps: Record<string, any>[] = []
  const pages: Record<string, any>[] = []
  const components: Record<string, any>[] = []
  let pageInstance: Record<string, any> | undefined
  let appInstance: Record<string, any> | undefined
  const saved = ['wx', 'App', 'Page', 'Component', 'getCurrentPages', 'getApp', 'requirePlugin', '__wxConfig'].map(
    (k) => [k, g[k]] as const,
  )
  Object.assign(g, {
    wx: sim.wx,
    App: (config: Record<string, any>) => void apps.push(config),
    Page: (config: Record<string, any>) => void pages.push(config),
    Component: (config: Record<string, any>) => void components.push(config),
    getCurrentPages: () => (pageInstance ? [pageInstance] : []),
    getApp: () => appInstance,
    requirePlugin: () => ({}),
    __wxConfig: { envVersion: 'develop', platform: 'devtools' },
  })
  const restoreGlobals = () => saved.forEach(([k, v]) => (v === undefined ? delete g[k] : (g[k] = v)))

  jest.isolateModules(() => {
    require(join(dist, 'app.js'))
    require(join(dist, 'pages', 'index', 'index.js'))
  })
  if (apps.length !== 1) throw new Error(`app.js called App() ${apps.length} times`)
  if (pages.length !== 1) throw new Error(`pages/index/index.js called Page() ${pages.length} times`)

  const app: Record<string, any> = Object.assign(Object.create(null), apps[0])
  appInstance = app
  const launchOptions = { path: 'pages/index/index', query: {}, scene: 1001 }
  app.onLaunch?.call(app, launchOptions)
  app.onShow?.call(app, launchOptions)

  const setDataLog: Record<string, unknown>[] = []
  const rendered: { onRender?: () => void } = {}
  const config = pages[0]
  const page: Record<string, any> = Object.assign(Object.create(null), config, {
    data: clone(config.data ?? {}),
    route: 'pages/index/index',
    __route__: 'pages/index/index',
    options: {},
    setData(payload: Record<string, unknown>, cb?: () => void) {
      setDataLog.push(clone(payload))
      for (const [path, value] of Object.entries(payload)) setPath(page.data, path, clone(value))
      rendered.onRender?.()
      if (cb) setTimeout(cb, 0)
    },
  })
  pageInstance = page
  // (Taro's onLoad also takes a second argument, but that one receives the first render
  // *instead of* setData: it is for prerendering.)
  page.onLoad?.call(page, {})
  page.onShow?.call(page)
  const deadline = Date.now() + 5_000
  while (!setDataLog.length) {
    if (Date.now() > deadline) throw new Error('The page sent nothing to setData within 5 s of onLoad')
    await new Promise((r) => setTimeout(r, 1))
  }
  // WeChat fires onReady after the first render has been handed to the view.
  await new Promise((r) => setTimeout(r, 1))
  page.onReady?.call(page)
  // Ready for the person: the poster has been drawn on the Canvas 2d.
  const readyBy = Date.now() + 5_000
  while (!canvas.ops.some((c) => c[0] === 'fillText')) {
    if (Date.now() > readyBy) throw new Error('The page did not draw the poster within 5 s of onReady')
    await new Promise((r) => setTimeout(r, 1))
  }

  const templates = readTemplates(dist)
  const decode = (raw: any): MpNode => {
    const nn = String(raw.nn)
    if (nn === '#text' || (raw.v !== undefined && !raw.cn)) {
      return { tag: '#text', nn, attrs: {}, text: String(raw.v ?? ''), children: [] }
    }
    const t = templates[nn] ?? { tag: nn, props: {} }
    const attrs: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(raw)) {
      if (/^p\d+$/.test(k)) attrs[t.props[k] ?? k] = v
    }
    return {
      tag: t.tag,
      nn,
      id: raw.uid,
      sid: raw.sid,
      className: raw.cl,
      attrs,
      children: (raw.cn ?? []).filter(Boolean).map(decode),
    }
  }
  const tree = () => ((page.data.root?.cn ?? []) as any[]).filter(Boolean).map(decode)
  const find = (nodes: MpNode[], id: string): MpNode | undefined => {
    for (const n of nodes) {
      if (n.id === id) return n
      const hit = find(n.children, id)
      if (hit) return hit
    }
    return undefined
  }
  const textOf = (n: MpNode | undefined): string => (!n ? '' : n.tag === '#text' ? n.text ?? '' : n.children.map(textOf).join(''))

  /** An event as WeChat hands it to a `bind…="eh"` handler: Taro finds the node by `dataset.sid`. */
  const fire = (id: string, type: string, detail: Record<string, unknown>, asTap = false) => {
    const node = find(tree(), id)
    if (!node) throw new Error(`${type}: no element with id "${id}" in the rendered page`)
    const target = { id, dataset: { sid: node.sid }, offsetLeft: 0, offsetTop: 0 }
    const event = { type, timeStamp: Date.now(), target, currentTarget: target, detail, touches: [], changedTouches: [], mark: {} }
    if (asTap) sim.tap(() => page.eh(event))
    else page.eh(event)
  }

  /**
   * Taro's own document in the build (its DOM, where React's handlers are registered): found
   * through webpack's chunk callback, among the modules the app already ran, as the one export
   * that has `getElementById` and event handlers of its own.
   */
  let taroDoc: any
  const taroDocument = () => {
    if (taroDoc) return taroDoc
    let require: any
    ;(sim.wx.webpackJsonp as unknown[]).push([['e2e-host'], {}, (r: unknown) => void (require = r)])
    for (const id of Object.keys(require.m).filter((k) => /getElementById/.test(String(require.m[k])))) {
      for (const value of Object.values(require(id) as Record<string, any>)) {
        if (value && typeof value.getElementById === 'function' && value.__handlers) return (taroDoc = value)
      }
    }
    throw new Error("the host found no Taro document in the weapp build's modules")
  }

  const host: Host = {
    get onRender() {
      return rendered.onRender
    },
    set onRender(fn) {
      rendered.onRender = fn
    },
    sim,
    page,
    setDataLog,
    canvas,
    queries,
    tree,
    byId: (id) => find(tree(), id),
    textOf,
    text: (id) => textOf(find(tree(), id)),
    async waitText(id, word, ms) {
      await host.waitFor(() => host.text(id) === word, `#${id} to read "${word}"`, ms).catch((e) => {
        throw new Error(`${e.message} (it reads "${host.text(id)}"); wx calls: ${sim.calls.join(', ')}`)
      })
    },
    tap(id) {
      fire(id, 'tap', { x: 10, y: 10 }, true)
    },
    press(id) {
      const node = find(tree(), id)
      if (!node) throw new Error(`press: no element with id "${id}" in the rendered page`)
      if (node.attrs.disabled === true) return
      fire(id, 'tap', { x: 10, y: 10 }, true)
      const openType = node.attrs['open-type']
      if (openType === 'openSetting') {
        sim.openSettingsPage((authSetting) => {
          const [own, parent = []] = host.handlersUp(id)
          if (!own.includes('tap') && !parent.includes('tap')) fire(id, 'opensetting', { errMsg: 'openSetting:ok', authSetting })
        })
      } else if (openType === 'agreePrivacyAuthorization') {
        sim.agreeTap(id)
        setTimeout(() => !closed && fire(id, 'agreeprivacyauthorization', { errMsg: 'agreePrivacyAuthorization:ok' }), 1)
      }
    },
    handlersUp(id) {
      const chain: string[][] = []
      for (let el = taroDocument().getElementById(find(tree(), id)?.sid ?? id); el && el.nodeName !== '#document'; el = el.parentNode) {
        chain.push(Object.keys(el.__handlers ?? {}).filter((type) => el.__handlers[type].length))
      }
      return chain
    },
    async waitFor(check, what, ms = 5_000) {
      const deadline = Date.now() + ms
      let last: any
      for (;;) {
        last = check()
        if (last) return last
        if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`)
        await new Promise((r) => setTimeout(r, 5))
      }
    },
    async close() {
      try {
        page.onUnload?.call(page)
        closed = true
        await new Promise((r) => setTimeout(r, 20))
      } finally {
        restoreGlobals()
      }
    },
  }
  return host
}
