/**
 * The Vue `SaveToAlbumButton` (taro-save-to-album/vue/components) rendered as Taro's Vue 3 build
 * renders it on a mini program: `@tarojs/components` is the tag names there (`button`), `@tap`
 * and `@opensetting` are listeners on the element, `open-type` an attribute. Pressed the way a
 * device handles a Button (the simulated runtime's `press()`: its tap handlers inside a tap
 * gesture, then its open type). Over the real Taro plugin runtimes and their simulated natives;
 * the same rows as button.test.tsx's for the React button.
 */
import { h, nextTick, reactive, ref } from 'vue'
import { mount } from '@vue/test-utils'
import { loadPlatform, throughBinding, vueOf } from './runtime/setup'
import type { Sim } from './runtime/wx'
import { JPEG_B64, MP4, PNG, PNG_B64 } from './runtime/images'

throughBinding('vue')

const URL = 'https://cdn.test/poster.png'
const DATA_URL = `data:image/png;base64,${PNG_B64}`
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Resolves once `done()` holds (checked every 5 ms, for at most two seconds). */
async function until(done: () => boolean) {
  for (let i = 0; i < 400 && !done(); i++) await sleep(5)
  expect(done()).toBe(true)
}

/** A page with one Vue SaveToAlbumButton over a fresh runtime of `target`; `props` may be a ref, to change them later. */
function page(props: Record<string, unknown> = {}, options: Parameters<typeof loadPlatform>[1] = {}, target = 'weapp', slot?: (state: { status: string; progress: number; error: { code: string } | null }) => unknown) {
  const loaded = loadPlatform(target, options)
  const { SaveToAlbumButton } = vueOf(loaded.lib)!.components
  const current = ref<Record<string, unknown>>({ id: 'album-button', source: DATA_URL, timeout: 2000, ...props })
  const wrapper = mount(() => h(SaveToAlbumButton as never, current.value, slot ? { default: slot } : undefined), { attachTo: document.body })
  const button = () => document.getElementById('album-button') as HTMLButtonElement
  const events = (name: 'saved' | 'error') => (wrapper.findComponent({ name: 'SaveToAlbumButton' }).emitted(name) ?? []) as unknown[][]
  const reads = (text: string) => until(() => button().textContent === text)
  return { ...loaded, sim: loaded.sim as unknown as Sim, wrapper, button, events, reads, current }
}

afterEach(() => {
  document.body.innerHTML = ''
})

describe('a tap saves', () => {
  it('one source: a mini-program button, saving, then saved, with @saved given the file kept (keepFile), which exists', async () => {
    const { sim, button, events, reads } = page({ keepFile: true })
    expect([button().tagName, button().textContent, button().hasAttribute('open-type')]).toEqual(['BUTTON', '保存到相册', false])
    sim.press(button())
    await reads('已保存')
    expect(sim.album).toHaveLength(1)
    expect(events('saved')).toHaveLength(1)
    expect(events('saved')[0][0]).toMatch(/^http:\/\/usr\/album-.*\.png$/)
    expect(sim.files()).toEqual([events('saved')[0][0]])
    expect(events('error')).toEqual([])
  })

  it('keep-file written bare, as a template writes a boolean attribute: the file is kept and given to @saved', async () => {
    const { sim, button, events, reads } = page({ 'keep-file': '' })
    sim.press(button())
    await reads('已保存')
    expect(events('saved')[0][0]).toMatch(/^http:\/\/usr\/album-.*\.png$/)
    expect(sim.files()).toEqual([events('saved')[0][0]])
  })

  it('an array: all of them, after one permission check', async () => {
    const { sim, button, events, reads } = page({ source: [DATA_URL, { base64: JPEG_B64, format: 'jpg' }] })
    sim.press(button())
    await reads('已保存')
    expect(sim.album.map((a) => a.name.split('.').pop())).toEqual(['png', 'jpg'])
    expect([sim.dialogs, sim.calls.filter((c) => c === 'getSetting').length]).toEqual([1, 1])
    expect(events('saved')).toEqual([[null]])
  })

  it('loading and disabled follow the status; the label shows the download in percent; a tap while busy does nothing', async () => {
    const { sim, button, reads } = page({ source: URL, locale: 'en' })
    sim.server.route(URL, { body: PNG, contentType: 'image/png', delay: 20 })
    // Not busy: neither attribute at all (Taro's H5 CSS greys out even disabled="false").
    expect([button().hasAttribute('loading'), button().hasAttribute('disabled')]).toEqual([false, false])
    sim.press(button())
    await until(() => button().hasAttribute('loading'))
    expect(button().disabled).toBe(true)
    await until(() => /^Downloading \d+%$/.test(button().textContent!))
    sim.press(button())
    await reads('Saved')
    expect([button().hasAttribute('loading'), button().hasAttribute('disabled'), sim.album.length]).toEqual([false, false, 1])
  })

  it('failures reach @error and the label; the next tap tries again', async () => {
    const { sim, button, events, reads } = page({ source: URL })
    sim.server.route(URL, { body: PNG, contentType: 'image/png', status: 404 })
    sim.press(button())
    await reads('保存失败，点此重试')
    expect(events('error')).toEqual([[expect.objectContaining({ code: 'HTTP_STATUS', statusCode: 404 })]])
    sim.server.route(URL, { body: PNG, contentType: 'image/png' })
    sim.press(button())
    await reads('已保存')
    expect(events('saved')).toHaveLength(1)
  })

  it('the default slot is the label, given status, progress and error; other attributes go to the button', async () => {
    const { sim, button, reads } = page({ 'hover-class': 'pressed', size: 'mini', class: 'poster-save' }, {}, 'weapp', ({ status, progress, error }) => `${status} ${progress} ${error?.code ?? '-'}`)
    expect(button().textContent).toBe('idle 0 -')
    expect([button().getAttribute('hover-class'), button().getAttribute('size'), button().className]).toEqual(['pressed', 'mini', 'poster-save'])
    sim.press(button())
    await reads('saved 1 -')
  })

  it('a slot that shows nothing for a status: the default label for it', async () => {
    const { sim, button, reads } = page({ locale: 'en' }, {}, 'weapp', ({ status }) => (status === 'saved' ? '✓' : ''))
    expect(button().textContent).toBe('Save to album')
    sim.press(button())
    await reads('✓')
  })

  it('a slot of nodes that show nothing (a v-if left out, blank text): the default label; one node that shows (an icon, no text): the slot', async () => {
    const { sim, button } = page({ locale: 'en' }, {}, 'weapp', ({ status }) => (status === 'saved' ? [h('view', { class: 'done-mark' }, []), null] : [null, ' \n  ']))
    expect(button().textContent).toBe('Save to album')
    sim.press(button())
    await until(() => button().querySelector('.done-mark') !== null)
    expect(button().textContent).toBe('')
  })
})

describe('after a refusal, one more tap brings it back', () => {
  it('becomes the settings button (open-type, no tap listener on it); once the album is on, saves at once', async () => {
    const { sim, button, events, reads } = page({}, { dialog: 'deny' })
    sim.press(button())
    await reads('去设置打开相册权限')
    expect(events('error')).toEqual([[expect.objectContaining({ code: 'AUTH_DENIED' })]])
    expect(button().getAttribute('open-type')).toBe('openSetting')
    expect([button().hasAttribute('loading'), button().hasAttribute('disabled')]).toEqual([false, false])
    sim.press(button())
    await reads('已保存')
    expect(sim.settingsVisits).toBe(1)
    // The settings page came from the button itself, not from an openSetting() call.
    expect(sim.calls).not.toContain('openSetting')
    expect([sim.album.length, events('saved').length, button().hasAttribute('open-type')]).toEqual([1, 1, false])
  })

  it('refused earlier (remembered): the first tap already ends on the settings button, with nothing downloaded', async () => {
    const { sim, button, reads } = page({ source: URL })
    sim.authSetting[sim.scope] = false
    sim.press(button())
    await reads('去设置打开相册权限')
    expect(sim.calls).not.toContain('downloadFile')
  })

  it('the album left off: still the settings button, and nothing saved', async () => {
    const { sim, button, events, reads } = page({}, { dialog: 'deny' })
    sim.press(button())
    await reads('去设置打开相册权限')
    sim.settings.answer = 'off'
    sim.press(button())
    await until(() => sim.settingsVisits === 1)
    await sleep(20)
    expect([button().textContent, button().getAttribute('open-type'), sim.album.length, events('saved').length]).toEqual(['去设置打开相册权限', 'openSetting', 0, 0])
  })

  it(':retry-after-setting="false": back to the save button, and the next tap saves', async () => {
    const { sim, button, events, reads } = page({ retryAfterSetting: false, locale: 'en' }, { dialog: 'deny' })
    sim.press(button())
    await reads('Allow album access in Settings')
    sim.press(button())
    await reads('Save to album')
    expect(sim.album).toHaveLength(0)
    sim.press(button())
    await reads('Saved')
    expect([sim.album.length, events('saved').length]).toEqual([1, 1])
  })

  it('Douyin (Taro binds no opensetting there): the tap itself opens the settings, then it saves at once', async () => {
    const { sim, button, events, reads } = page({}, { dialog: 'deny' }, 'tt')
    sim.press = (el: Element) => sim.tap(() => el.dispatchEvent(new CustomEvent('tap')))
    sim.press(button())
    await reads('去设置打开相册权限')
    expect(button().hasAttribute('open-type')).toBe(false)
    sim.press(button())
    await reads('已保存')
    expect([sim.calls.includes('openSetting'), events('saved').length]).toEqual([true, 1])
  })
})

describe("after the phone itself refused the app its photos, the tap goes to the phone's settings", () => {
  it("WeChat: not the mini program's settings button; the tap opens the phone's page, and once the photos are allowed it saves", async () => {
    const { sim, button, events, reads } = page({}, { phone: 'denied' })
    sim.press(button())
    await reads('去手机设置允许访问相册')
    expect(events('error')).toEqual([[expect.objectContaining({ code: 'SYSTEM_DENIED' })]])
    expect(button().hasAttribute('open-type')).toBe(false)
    sim.press(button())
    await reads('已保存')
    expect([sim.phoneSettingsVisits, sim.settingsVisits, sim.calls.includes('openSetting')]).toEqual([1, 0, false])
    expect([sim.album.length, events('saved').length, sim.appShowListeners()]).toEqual([1, 1, 0])
  })

  it("Douyin (no phone's settings page to open): the tap saves again, as the person may have allowed the photos meanwhile", async () => {
    const { sim, button, events, reads } = page({}, { phone: 'denied' }, 'tt')
    sim.press = (el: Element) => sim.tap(() => el.dispatchEvent(new CustomEvent('tap')))
    sim.press(button())
    await reads('去手机设置允许访问相册')
    expect(events('error')).toEqual([[expect.objectContaining({ code: 'SYSTEM_DENIED' })]])
    sim.phone = 'authorized'
    sim.press(button())
    await reads('已保存')
    expect([sim.album.length, events('saved').length]).toEqual([1, 1])
  })
})

describe('an array source', () => {
  const urls = [0, 1, 2].map((i) => `https://cdn.test/${i}.png`)

  it('empty: disabled, a tap saves nothing and nothing is emitted', async () => {
    const { sim, button, events } = page({ source: [] })
    expect(button().disabled).toBe(true)
    sim.press(button())
    await sleep(20)
    expect([button().textContent, sim.calls, events('saved').length, events('error').length]).toEqual(['保存到相册', [], 0, 0])
  })

  it('partly failed, then given new objects for the same sources: the retry tap saves only what is missing', async () => {
    const videos = () => urls.map((video) => ({ video }))
    const { sim, button, events, reads, current } = page({ source: videos() })
    urls.forEach((url, i) => sim.server.route(url, { body: MP4, contentType: 'video/mp4', status: i === 1 ? 503 : 200 }))
    sim.press(button())
    await reads('保存失败，点此重试')
    expect([sim.album.length, events('error').length]).toEqual([2, 1])
    sim.server.route(urls[1], { body: MP4, contentType: 'video/mp4' })
    current.value = { ...current.value, source: videos() }
    await nextTick()
    sim.press(button())
    await reads('已保存')
    expect(sim.album).toHaveLength(3)
    expect(sim.requests.filter((q) => q.api === 'downloadFile').map((q) => q.options.url)).toEqual([...urls, urls[1]])
  })

  it('a new source after a failure is saved whole, not retried', async () => {
    const { sim, button, reads, current } = page({ source: urls.slice(0, 2) })
    urls.forEach((url, i) => sim.server.route(url, { body: PNG, contentType: 'image/png', status: i === 1 ? 503 : 200 }))
    sim.press(button())
    await reads('保存失败，点此重试')
    current.value = { ...current.value, source: [urls[0], urls[2]] }
    await nextTick()
    sim.press(button())
    await reads('已保存')
    expect(sim.requests.filter((q) => q.api === 'downloadFile').map((q) => q.options.url)).toEqual([urls[0], urls[1], urls[0], urls[2]])
  })

  it('a reactive array changed in place after a failure is a new source: saved whole, not retried', async () => {
    const photos = reactive(urls.slice(0, 2))
    const { sim, button, events, reads } = page({ source: photos })
    urls.forEach((url, i) => sim.server.route(url, { body: PNG, contentType: 'image/png', status: i === 1 ? 503 : 200 }))
    sim.press(button())
    await reads('保存失败，点此重试')
    photos[0] = urls[2]
    await nextTick()
    sim.press(button())
    await until(() => sim.requests.filter((q) => q.api === 'downloadFile').length === 4)
    await reads('保存失败，点此重试')
    expect(sim.requests.filter((q) => q.api === 'downloadFile').map((q) => q.options.url)).toEqual([urls[0], urls[1], urls[2], urls[1]])
    expect(events('saved')).toEqual([])
  })
})

it('unmounting aborts the save in flight; nothing is emitted afterwards', async () => {
  const { sim, button, wrapper, events } = page({ source: URL })
  sim.server.route(URL, { body: PNG, contentType: 'image/png', hang: true })
  sim.press(button())
  await until(() => sim.openTasks() === 1)
  const button$ = wrapper.findComponent({ name: 'SaveToAlbumButton' })
  wrapper.unmount()
  await sleep(20)
  expect([sim.openTasks(), sim.album.length, button$.emitted()]).toEqual([0, 0, {}])
  expect([events('saved'), events('error')]).toEqual([[], []])
})

it('unmounted while the settings page its tap opened is open (Douyin): nothing is saved when the person comes back', async () => {
  const { sim, button, wrapper, events, reads } = page({}, { dialog: 'deny' }, 'tt')
  sim.press = (el: Element) => sim.tap(() => el.dispatchEvent(new CustomEvent('tap')))
  sim.press(button())
  await reads('去设置打开相册权限')
  const before = sim.calls.length
  sim.settings.stay = 30
  sim.press(button())
  const button$ = wrapper.findComponent({ name: 'SaveToAlbumButton' })
  wrapper.unmount()
  await until(() => sim.settingsVisits === 1)
  // Back from the settings page (30 ms), and time for a save to have happened.
  await sleep(150)
  expect([sim.album.length, sim.calls.slice(before), button$.emitted('saved')]).toEqual([0, ['openSetting'], undefined])
  expect(events('saved')).toEqual([])
})

it("on H5 it is a plain button, Taro's Vue wrapper of taro-button-core: a click (its tap) saves, no open type", async () => {
  // A compile-time switch of Taro's H5 build (useDeprecatedAdapterComponent: false by default).
  ;(globalThis as { DEPRECATED_ADAPTER_COMPONENT?: boolean }).DEPRECATED_ADAPTER_COMPONENT = false
  const { button, events } = page({ source: 'ftp://cdn.test/poster.png' }, {}, 'h5')
  expect([button().tagName, button().hasAttribute('open-type')]).toEqual(['TARO-BUTTON-CORE', false])
  button().dispatchEvent(new MouseEvent('click', { bubbles: true }))
  await until(() => events('error').length === 1)
  expect(events('error')).toEqual([[expect.objectContaining({ code: 'INVALID_SOURCE' })]])
  await until(() => button().textContent === '保存失败，点此重试')
})

it('in development, a source left out or still undefined is told, naming the prop', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
  const said = () => warn.mock.calls.map((call) => String(call[0]))
  const { lib } = page({ source: undefined })
  expect(said()).toEqual([expect.stringContaining('Invalid prop: type check failed for prop "source". Expected String | Object | Array, got Undefined')])
  warn.mockClear()
  mount(() => h(vueOf(lib)!.components.SaveToAlbumButton as never, { locale: 'en' }))
  expect(said()).toEqual([expect.stringContaining('Missing required prop: "source"')])
  warn.mockClear()
})
