/**
 * Runs the real @tarojs/taro over the simulated runtime: a stable global `wx` forwards every
 * call to the simulation the current test made with `simulate()`, and Taro's own processApis
 * promisifies it exactly as a weapp build does.
 */
import { createWx, USER_DATA_PATH as WX_USER_DATA_PATH, type Sim, type SimOptions } from './wx'
import { createMy, type MyOptions } from './my'
import { createSwan, type SwanOptions } from './swan'
import { createTt, type TtOptions } from './tt'
import { createHarmony, type HarmonySim } from './harmony'
import type { NativeSim } from './engine'
import type { Saved, SaveStatus } from '../../src'

const g = globalThis as any
const template = createWx().wx
g.wx = Object.fromEntries(
  Object.keys(template).map((name) => [name, name === 'env' ? template.env : (...args: unknown[]) => g.__sim.wx[name](...args)]),
)
g.__sim = createWx()
g.getCurrentPages = () => []
g.getApp = () => ({})
g.requirePlugin = () => ({})
for (const flag of ['INNER_HTML', 'ADJACENT_HTML', 'SIZE_APIS', 'TEMPLATE_CONTENT', 'CLONE_NODE', 'CONTAINS', 'MUTATION_OBSERVER']) {
  g[`ENABLE_${flag}`] = true
}

/** Registers the simulated wx with the @tarojs/runtime of the current module registry, as the weapp plugin does. */
function registerTaro() {
  const { hooks } = require('@tarojs/runtime')
  const { processApis } = require('@tarojs/shared')
  hooks.tap('initNativeApi', (taro: object) => processApis(taro, g.wx, {}))
}
registerTaro()

/** The package as a build for `target` sees it: Taro replaces TARO_ENV at build time. */
export function loadFor(target: string): typeof import('../../src') {
  const previous = process.env.TARO_ENV
  process.env.TARO_ENV = target
  let lib!: typeof import('../../src')
  jest.isolateModules(() => {
    registerTaro()
    lib = require('../../src')
  })
  process.env.TARO_ENV = previous
  return lib
}

/** A fresh simulated WeChat for the current test. */
export function simulate(options?: SimOptions): Sim {
  g.__sim = createWx(options)
  return g.__sim
}

/**
 * What drives a behaviour table: the plain flow and the framework-free controller, or the Vue
 * composable (`taro-save-to-album/vue`), loaded from the same module registry as the package.
 *
 * @example
 * describe.each(BINDINGS)('the behaviour table through %s', (binding) => { throughBinding(binding) })
 */
const ALL_BINDINGS = ['flow', 'vue'] as const
export type Binding = (typeof ALL_BINDINGS)[number]
// Mutation runs of the parts below the bindings (scripts/mutation.mjs) drive the tables through the
// flow only, to halve the time of each surviving mutant: fewer tests can only kill fewer mutants.
export const BINDINGS: readonly Binding[] = process.env.MUTATION_BINDINGS ? ALL_BINDINGS.filter((binding) => process.env.MUTATION_BINDINGS!.split(',').includes(binding)) : ALL_BINDINGS
let tableBinding: Binding = 'flow'

/**
 * Runs the rows of the describe block it is called in through `binding`: loadPlatform() then
 * also loads the Vue entries, and runSave(), controllerOf() and saveAllOf() go through the composable.
 *
 * @example
 * describe.each(BINDINGS)('the behaviour table through %s', (binding) => { throughBinding(binding); it(…) })
 */
export function throughBinding(binding: Binding) {
  beforeAll(() => void (tableBinding = binding))
  afterAll(() => void (tableBinding = 'flow'))
}

/** The Vue entries loaded with a package under the `vue` binding (`taro-save-to-album/vue` and `/vue/components`). */
type VueEntries = { vue: typeof import('../../src/vue'); components: typeof import('../../src/vue/components') }
const vueEntries = new WeakMap<object, VueEntries>()

/**
 * Inside a module registry of loadPlatform(): loads the Vue entries over the test's own Vue (so
 * @vue/test-utils mounts what they render), with `@tarojs/components` as Taro's build makes it:
 * the tag names on a mini program, the Vue wrappers of its custom elements on H5.
 */
function loadVue(lib: object, target: string, vue: unknown) {
  if (!vue) return
  jest.doMock('vue', () => vue)
  jest.doMock('@tarojs/components', () => jest.requireActual(target === 'h5' ? '@tarojs/components/lib/vue3' : '@tarojs/components/mini'))
  vueEntries.set(lib, { vue: require('../../src/vue'), components: require('../../src/vue/components') })
}

/**
 * The Vue entries loaded with `lib` (a table run through the `vue` binding), else undefined.
 *
 * @example
 * const { SaveToAlbumButton } = vueOf(loadPlatform('weapp').lib)!.components
 */
export const vueOf = (lib: object): VueEntries | undefined => vueEntries.get(lib)

/**
 * The mini-program targets whose real Taro plugin runtime the tests load.
 *
 * @example
 * it.each(PLATFORMS)('%s: saves a data URL', async (target) => { const { lib } = loadPlatform(target); await lib.saveToAlbum(dataUrl) })
 */
export const PLATFORMS = ['weapp', 'qq', 'jd', 'swan', 'tt', 'alipay', 'qywx'] as const
export type Platform = (typeof PLATFORMS)[number]

/** What a behaviour test may do to any simulated runtime: the surface every one of them shares. */
export type AnySim = Omit<NativeSim, 'native' | 'folders' | 'device'> & { device: string }

/** Options any runtime takes, plus the ones only some understand (ignored elsewhere). */
export type AnyOptions = Omit<SimOptions, 'device'> & { device?: string } & Omit<TtOptions, 'device'> & Omit<MyOptions, 'device'> & Omit<SwanOptions, 'device'> & {
  /** Native APIs this runtime lacks (an older base library): left out of the global before Taro reads it. */
  without?: string[]
  /** harmony-hybrid: APIs the plugin's API layer (what @tarojs/taro is there) does not export, as another version of the plugin may not: left out of it. */
  pluginWithout?: string[]
}

/**
 * Per target: the native global its plugin reads, the simulated runtime that fills it, where the
 * user folder is, and the plugin's runtime entry (QQ ships no runtime-utils; WeCom's runtime
 * exports nothing and wraps the initNativeApi of the `host` plugin it extends).
 */
const TARGETS: Record<Platform, { global: string; runtime: string; host?: string; create: (o: AnyOptions) => { sim: AnySim; native: object; dir: string } }> = {
  weapp: { global: 'wx', runtime: '@tarojs/plugin-platform-weapp/dist/runtime-utils.js', create: (o) => wechat(o) },
  qq: { global: 'qq', runtime: '@tarojs/plugin-platform-qq/dist/runtime.js', create: (o) => wechat(o) },
  jd: { global: 'jd', runtime: '@tarojs/plugin-platform-jd/dist/runtime-utils.js', create: (o) => wechat(o) },
  swan: { global: 'swan', runtime: '@tarojs/plugin-platform-swan/dist/runtime-utils.js', create: (o) => own(createSwan(o as SwanOptions)) },
  tt: { global: 'tt', runtime: '@tarojs/plugin-platform-tt/dist/runtime-utils.js', create: (o) => own(createTt(o as TtOptions)) },
  alipay: { global: 'my', runtime: '@tarojs/plugin-platform-alipay/dist/runtime-utils.js', create: (o) => own(createMy(o as MyOptions)) },
  // WeCom runs WeChat's engine on `wx`, and words a refused album its own way.
  qywx: {
    global: 'wx',
    runtime: '@tarojs/plugin-platform-weapp-qy/dist/runtime.js',
    host: '@tarojs/plugin-platform-weapp/dist/runtime-utils.js',
    create: (o) => wechat({ device: 'wecom', ...o }),
  },
}

function wechat(o: AnyOptions) {
  const sim = createWx(o as SimOptions)
  return { sim: sim as unknown as AnySim, native: sim.wx, dir: WX_USER_DATA_PATH }
}
function own(sim: NativeSim) {
  return { sim: sim as unknown as AnySim, native: sim.native, dir: sim.folders.user }
}

/**
 * The package as a `target` build runs it, over that platform's REAL Taro plugin runtime: a
 * fresh module registry, `process.env.TARO_ENV` set (and left set, as a build fixes it), a new
 * simulated runtime installed as the native global (`wx`, `qq`, `jd`, `swan`, `tt`, `my`), then the
 * plugin's own `initNativeApi` over `@tarojs/api`, as the plugin's runtime does in an app. The
 * registry shares React with the test file, so `renderHook` drives the loaded hook. A target
 * outside PLATFORMS (rn, harmony, quickapp…) gets no native and no runtime.
 *
 * @example
 * const { sim, lib, dir } = loadPlatform('tt', { dialog: 'deny' })
 * await lib.saveToAlbum(`${dir}/chosen.png`)
 */
export function loadPlatform(target: Platform | string, options: AnyOptions = {}) {
  if (target === 'harmony-hybrid') return loadHarmonyHybrid(options)
  const spec = TARGETS[target as Platform] as (typeof TARGETS)[Platform] | undefined
  let current = spec?.create(options)
  const react = require('react')
  const vue = tableBinding === 'vue' ? require('vue') : undefined
  process.env.TARO_ENV = target
  let lib!: typeof import('../../src')
  jest.isolateModules(() => {
    jest.doMock('react', () => react)
    if (spec && current) {
      // Taro keeps the global it was given: a stable object that forwards every call to the
      // runtime of the moment, so `next()` can swap runtimes under one loaded package.
      const keys = Object.keys(current.native).filter((key) => !options.without?.includes(key))
      const native = current.native as Record<string, unknown>
      const forwarder = Object.fromEntries(
        keys.map((key) => [key, typeof native[key] === 'function' ? (...args: unknown[]) => (current!.native as Record<string, (...a: unknown[]) => unknown>)[key](...args) : native[key]]),
      )
      // The plugin reads the global once, in initNativeApi; the shared `wx` is put back after.
      const previous = g[spec.global]
      g[spec.global] = forwarder
      if (target === 'alipay') g.navigator ??= { userAgent: '' }
      // QQ's runtime.js exports only its hostConfig (and registers it as it loads); WeCom's sets
      // the hostConfig of the plugin it extends.
      const runtime = require(spec.runtime)
      const host = spec.host ? require(spec.host) : runtime
      ;(spec.host ? host.hostConfig.initNativeApi : (runtime.initNativeApi ?? runtime.hostConfig.initNativeApi))(require('@tarojs/api').default)
      // A runtime that registers its hostConfig (WeCom's) has @tarojs/taro run initNativeApi
      // again as it loads: load it while the global is still this runtime's.
      if (spec.host) require('@tarojs/taro')
      if (spec.global === 'wx') g.wx = previous
    }
    lib = require('../../src')
    loadVue(lib, target, vue)
  })
  // Mock factories outlive the isolated registry: the next load gets the real modules.
  if (vue) jest.dontMock('@tarojs/components')
  return {
    sim: current?.sim as AnySim,
    lib,
    dir: current?.dir as string,
    target,
    /** A fresh simulated runtime under the same loaded package (its module state kept). */
    next(more: AnyOptions = options): AnySim {
      current = spec!.create(more)
      return current.sim
    },
  }
}

/**
 * The package as a `harmony-hybrid` build runs it: `@tarojs/taro` is the plugin's own API layer
 * (`@tarojs/plugin-platform-harmony-hybrid/dist/runtime/apis`, what that build aliases it to),
 * loaded for real over a simulated shell (`runtime/harmony.ts`): its `window.MethodChannel` and
 * its WebView's XMLHttpRequest are installed first, as forwarders to the shell of the moment.
 *
 * @example
 * const { sim, lib, dir } = loadHarmonyHybrid({ dialog: 'deny' })
 */
export function loadHarmonyHybrid(options: AnyOptions = {}) {
  let current: HarmonySim = createHarmony(options)
  const without = () => options.without?.forEach((name) => delete current.native[name])
  without()
  const react = require('react')
  const vue = tableBinding === 'vue' ? require('vue') : undefined
  process.env.TARO_ENV = 'harmony-hybrid'
  g.XMLHttpRequest = function XMLHttpRequest() {
    return new current.XMLHttpRequest()
  }
  // What the shell injects: the decorator the plugin puts on each NativeApi method.
  g.MethodChannel = {
    jsBridgeMode: () => (_target: object, key: string, descriptor: PropertyDescriptor) => ({
      ...descriptor,
      // A native exception does not cross the bridge: the call just never answers.
      value: (...args: unknown[]) => {
        try {
          return current.native[key]?.(...args)
        } catch {
          return undefined
        }
      },
    }),
  }
  let lib!: typeof import('../../src')
  jest.isolateModules(() => {
    jest.doMock('react', () => react)
    jest.doMock('@tarojs/taro', () => {
      const apis = require('@tarojs/plugin-platform-harmony-hybrid/dist/runtime/apis/index.js')
      const lacks = options.pluginWithout
      return lacks ? { ...Object.fromEntries(Object.entries(apis).filter(([name]) => !lacks.includes(name))), __esModule: true } : apis
    })
    lib = require('../../src')
    loadVue(lib, 'harmony-hybrid', vue)
  })
  if (vue) jest.dontMock('@tarojs/components')
  // Mock factories outlive the isolated registry: the next target gets the real @tarojs/taro.
  jest.dontMock('@tarojs/taro')
  return {
    sim: current as unknown as AnySim & HarmonySim,
    lib,
    dir: current.folders.user,
    target: 'harmony-hybrid',
    /** A fresh simulated shell under the same loaded package. */
    next(more: AnyOptions = options) {
      current = createHarmony(more)
      return current as unknown as AnySim & HarmonySim
    },
  }
}

type Lib = ReturnType<typeof loadPlatform>['lib']

/**
 * Saves through the plain flow (2 s timeout unless given) and records every status and progress
 * report; never throws. A package loaded under the `vue` binding saves through the composable
 * instead (runSaveThroughVue), with the same outcome and records.
 *
 * @example
 * const { error, statuses } = await runSave(loadPlatform('tt').lib, 'https://cdn.test/a.png')
 */
export async function runSave(lib: Lib, source: Parameters<Lib['saveToAlbum']>[0], options: Parameters<Lib['saveToAlbum']>[1] = {}) {
  const vue = vueOf(lib)
  if (vue) return runSaveThroughVue(vue, source, options)
  const statuses: SaveStatus[] = []
  const progress: number[] = []
  const outcome = await lib
    .saveToAlbum(source, { timeout: 2000, ...options, onStatus: (s) => statuses.push(s), onProgress: (p) => progress.push(p) })
    .then(
      (value) => ({ value, error: undefined }),
      (error) => ({ value: undefined, error }),
    )
  return { ...outcome, statuses, progress }
}

/**
 * runSave() through the Vue composable: a component using it saves `source` with `options`;
 * statuses and progress are what its refs took, the outcome what its `save()` resolved (a
 * signal aborts through its `abort()`); the component is unmounted once the save answered.
 */
async function runSaveThroughVue(vue: VueEntries, source: Parameters<Lib['saveToAlbum']>[0], options: Parameters<Lib['saveToAlbum']>[1] = {}) {
  const { signal, onStatus, onProgress, ...rest } = options as NonNullable<Parameters<Lib['saveToAlbum']>[1]> & { signal?: { aborted: boolean; addEventListener?: (type: 'abort', listener: () => void) => void } }
  const saver = (require('./vue') as typeof import('./vue')).mountComposable(vue.vue, { timeout: 2000, ...rest })
  if (signal?.aborted) saver.abort()
  signal?.addEventListener?.('abort', () => saver.abort())
  const result = await saver.save(source)
  saver.unmount()
  if (onStatus) saver.statuses.forEach(onStatus)
  if (onProgress) saver.progress.forEach(onProgress)
  const outcome = result.ok ? { value: (({ ok, ...saved }) => saved)(result) as Saved, error: undefined } : { value: undefined, error: result.error as any }
  return { ...outcome, statuses: saver.statuses, progress: saver.progress }
}

/**
 * What a row drives a run with: `lib.createSaveController(options)`, or under the `vue` binding
 * the composable of a mounted component, read through `getSnapshot()` (its refs) and the same
 * functions.
 *
 * @example
 * const controller = controllerOf(lib, { timeout: 2000 })
 * await controller.save(url)
 */
export function controllerOf(lib: Lib, options?: Parameters<Lib['createSaveController']>[0]): Pick<ReturnType<Lib['createSaveController']>, 'save' | 'saveAll' | 'openSetting' | 'retry' | 'abort' | 'reset' | 'getSnapshot'> {
  const vue = vueOf(lib)
  return vue ? (require('./vue') as typeof import('./vue')).mountComposable(vue.vue, options) : lib.createSaveController(options)
}

/**
 * `lib.saveAll`, or under the `vue` binding the composable's `saveAll()` (its options as the
 * composable's, its statuses reported from its refs), with the same results.
 *
 * @example
 * const results = await saveAllOf(lib)(sources, { timeout: 2000 })
 */
export function saveAllOf(lib: Lib): Lib['saveAll'] {
  const vue = vueOf(lib)
  if (!vue) return lib.saveAll
  return (async (sources: Parameters<Lib['saveAll']>[0], options: Parameters<Lib['saveAll']>[1] = {}) => {
    const { onStatus, onProgress, onItem, concurrency, ...rest } = options
    const saver = (require('./vue') as typeof import('./vue')).mountComposable(vue.vue, rest)
    const results = await saver.saveAll(sources, { onItem, concurrency })
    saver.unmount()
    if (onStatus) saver.statuses.forEach(onStatus)
    if (onProgress) saver.progress.forEach(onProgress)
    return results
  }) as Lib['saveAll']
}
