/**
 * `SaveToAlbumButton` rendered through `@tarojs/components`' React build (real `taro-button-core`
 * elements), tapped the way a device handles a Button: its tap handlers inside a tap gesture,
 * then its open type (`openSetting`: the settings page, then `onOpenSetting` with the new
 * authSetting, unless a tap handler sits on the node or its parent). Over the real Taro plugin
 * runtimes and their simulated natives.
 */
import { loadWithComponents } from './runtime/components' // first: it decides what @tarojs/components is
import { render, renderHook, screen, waitFor } from '@testing-library/react'
import { View } from '@tarojs/components'
import type { SaveToAlbumButtonProps } from '../src/components'
import type { Sim } from './runtime/wx'
import { JPEG_B64, MP4, PNG, PNG_B64 } from './runtime/images'

const URL = 'https://cdn.test/poster.png'
const DATA_URL = `data:image/png;base64,${PNG_B64}`
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

type Rendered = HTMLElement & { openType?: string; loading?: boolean; disabled?: boolean; __events?: Record<string, unknown> }

beforeAll(() => {
  // Let React render as in an app, between platform answers, rather than in act() batches.
  ;(globalThis as any).IS_REACT_ACT_ENVIRONMENT = false
})

/** A page with one SaveToAlbumButton (id `album-button`), over a fresh runtime of `target`. */
function page(props: Partial<SaveToAlbumButtonProps> = {}, options: Parameters<typeof loadWithComponents>[1] = {}, target = 'weapp') {
  const loaded = loadWithComponents(target, options)
  const saved = jest.fn()
  const failed = jest.fn()
  const { SaveToAlbumButton } = loaded.components
  const view = render(<SaveToAlbumButton id='album-button' source={DATA_URL} timeout={2000} onSaved={saved} onError={failed} {...props} />)
  const button = () => document.getElementById('album-button') as Rendered
  return { ...loaded, sim: loaded.sim as unknown as Sim, view, button, saved, failed }
}

/** Waits until the button reads `text`. */
const reads = (button: () => HTMLElement, text: string) => waitFor(() => expect(button().textContent).toBe(text))

describe('a tap saves', () => {
  it('one source: saving, then saved, with onSaved told the file kept (keepFile), which exists', async () => {
    const { sim, button, saved, failed } = page({ keepFile: true })
    expect(button().textContent).toBe('保存到相册')
    expect(button().openType).toBeUndefined()
    sim.press(button())
    await reads(button, '已保存')
    expect(sim.album).toHaveLength(1)
    expect(saved).toHaveBeenCalledTimes(1)
    expect(saved.mock.calls[0][0]).toMatch(/^http:\/\/usr\/album-.*\.png$/)
    expect(sim.files()).toEqual([saved.mock.calls[0][0]])
    expect(failed).not.toHaveBeenCalled()
  })

  it('an array: all of them, after one permission check', async () => {
    const { sim, button, saved } = page({ source: [DATA_URL, { base64: JPEG_B64, format: 'jpg' }] })
    sim.press(button())
    await reads(button, '已保存')
    expect(sim.album.map((a) => a.name.split('.').pop())).toEqual(['png', 'jpg'])
    expect([sim.dialogs, sim.calls.filter((c) => c === 'getSetting').length]).toEqual([1, 1])
    // Without keepFile the files are removed: none is named.
    expect(saved.mock.calls).toEqual([[null]])
  })

  it('loading and disabled follow the status; the label shows the download in percent', async () => {
    const labels: string[] = []
    const { sim, button } = page({ source: URL, locale: 'en' })
    sim.server.route(URL, { body: PNG, contentType: 'image/png', delay: 20 })
    const seen = new MutationObserver(() => labels.push(`${button().textContent} ${button().loading} ${button().disabled}`))
    seen.observe(document.body, { subtree: true, characterData: true, childList: true })
    // Not busy: no disabled attribute at all (Taro's H5 CSS greys out even disabled="false").
    expect([!!button().loading, !!button().disabled, button().hasAttribute('disabled')]).toEqual([false, false, false])
    sim.press(button())
    await waitFor(() => expect(button().loading).toBe(true))
    expect(button().disabled).toBe(true)
    // A person tapping again while it is busy: a disabled Button does nothing.
    sim.press(button())
    await reads(button, 'Saved')
    seen.disconnect()
    // Not busy: no disabled attribute at all (Taro's H5 CSS greys out even disabled="false").
    expect([!!button().loading, !!button().disabled, button().hasAttribute('disabled')]).toEqual([false, false, false])
    const percents = labels.map((l) => /^Downloading (\d+)% true true$/.exec(l)?.[1]).filter(Boolean).map(Number)
    // Renders may merge the last event with the next status; those in between always show.
    expect(percents).toEqual([...percents].sort((a, b) => a - b))
    expect(percents.filter((p) => p > 0 && p < 100).length).toBeGreaterThanOrEqual(2)
    expect(labels.slice(0, -1).every((l) => l.endsWith('true true'))).toBe(true)
    expect(sim.calls.filter((c) => c === 'downloadFile')).toHaveLength(1)
  })

  it('the label changes beside the spinner without disturbing it, and the next save shows it again', async () => {
    // Taro's Button (a Stencil element) renders its spinner and a slot into the same node as the
    // label: a label change must replace the label alone (not the node's whole content).
    const { sim, button } = page({ source: URL, locale: 'en' })
    sim.server.route(URL, { body: PNG, contentType: 'image/png', delay: 20 })
    const spinner = () => button().querySelector('.weui-loading')
    sim.press(button())
    await waitFor(() => expect(spinner()).not.toBeNull())
    await waitFor(() => expect(button().textContent).toMatch(/^Downloading [1-9]\d*%$/))
    expect(spinner()).not.toBeNull()
    await reads(button, 'Saved')
    await waitFor(() => expect(spinner()).toBeNull())
    sim.press(button())
    await waitFor(() => expect(spinner()).not.toBeNull())
    await waitFor(() => expect(button().textContent).toMatch(/^Downloading [1-9]\d*%$/))
    await reads(button, 'Saved')
    expect(sim.album).toHaveLength(2)
  })

  it('failures reach onError and the label; the next tap tries again', async () => {
    const { sim, button, failed, saved } = page({ source: URL })
    sim.server.route(URL, { body: PNG, contentType: 'image/png', status: 404 })
    sim.press(button())
    await reads(button, '保存失败，点此重试')
    expect(failed).toHaveBeenCalledWith(expect.objectContaining({ code: 'HTTP_STATUS', statusCode: 404 }))
    sim.server.route(URL, { body: PNG, contentType: 'image/png' })
    sim.press(button())
    await reads(button, '已保存')
    expect(saved).toHaveBeenCalledTimes(1)
  })

  it('children may be a function of status, progress and error; other Button props pass through', async () => {
    const { sim, button } = page({
      type: 'primary',
      size: 'mini',
      className: 'poster-save',
      children: ({ status, progress, error }) => `${status} ${progress} ${error?.code ?? '-'}`,
    })
    expect(button().textContent).toBe('idle 0 -')
    expect(button().getAttribute('type')).toBe('primary')
    expect(button().getAttribute('size')).toBe('mini')
    expect(button().className).toContain('poster-save')
    sim.press(button())
    await reads(button, 'saved 1 -')
  })

  it.each([
    ['zh', { asking: '请求权限…', downloading: '下载中 %', preparing: '处理中…', saving: '保存中…', saved: '已保存', failed: '保存失败，点此重试' }],
    ['en', { asking: 'Asking…', downloading: 'Downloading %', preparing: 'Preparing…', saving: 'Saving…', saved: 'Saved', failed: 'Failed – tap to retry' }],
  ] as const)('the default label names each step in words (%s): asking, downloading, preparing a file, saving, saved, failed', async (locale, words) => {
    const labels: string[] = []
    const { sim, button, view, components } = page({ source: URL, locale })
    sim.server.route(URL, { body: PNG, contentType: 'image/png', delay: 5 })
    const seen = new MutationObserver(() => {
      // Each label once in a row, the download's percent left out.
      const label = button()?.textContent?.replace(/\d+%$/, '%')
      if (label !== undefined && labels[labels.length - 1] !== label) labels.push(label)
    })
    seen.observe(document.body, { subtree: true, characterData: true, childList: true })
    sim.press(button())
    await reads(button, words.saved)
    // A base64 image is written to a file first; then the album refuses one save.
    view.rerender(<components.SaveToAlbumButton id='album-button' source={{ base64: JPEG_B64, format: 'jpg' }} locale={locale} timeout={2000} />)
    sim.press(button())
    await waitFor(() => expect(sim.album).toHaveLength(2))
    await reads(button, words.saved)
    sim.fault('saveImageToPhotosAlbum', { fail: 'saveImageToPhotosAlbum:fail system error' })
    sim.press(button())
    await reads(button, words.failed)
    seen.disconnect()
    const { asking, downloading, preparing, saving, saved, failed } = words
    expect(labels).toEqual([asking, downloading, saving, saved, asking, preparing, saving, saved, asking, preparing, saving, failed])
  })

  it('a label function may answer only some statuses: the default label for the others', async () => {
    const { sim, button } = page({ locale: 'en', children: ({ status }) => (status === 'saved' ? '✓' : undefined) })
    expect(button().textContent).toBe('Save to album')
    sim.press(button())
    await reads(button, '✓')
  })
})

describe('after a refusal, one more tap brings it back', () => {
  it('becomes the settings Button (openType, no onClick on it or a wrapper); once the album is on, saves at once', async () => {
    const { sim, button, saved, failed, view } = page({}, { dialog: 'deny' })
    sim.press(button())
    await reads(button, '去设置打开相册权限')
    expect(failed).toHaveBeenCalledWith(expect.objectContaining({ code: 'AUTH_DENIED' }))
    expect(button().openType).toBe('openSetting')
    expect(button().getAttribute('open-type')).toBe('openSetting')
    expect(Object.keys(button().__events ?? {})).toEqual(['opensetting'])
    expect(button().parentElement).toBe(view.container) // no wrapper of its own
    // Not busy: no disabled attribute at all (Taro's H5 CSS greys out even disabled="false").
    expect([!!button().loading, !!button().disabled, button().hasAttribute('disabled')]).toEqual([false, false, false])

    sim.press(button())
    await reads(button, '已保存')
    expect(sim.settingsVisits).toBe(1)
    // The settings page came from the Button itself, not from an openSetting() call.
    expect(sim.calls).not.toContain('openSetting')
    expect(sim.album).toHaveLength(1)
    expect(saved).toHaveBeenCalledTimes(1)
    expect([button().openType ?? null, button().hasAttribute('open-type')]).toEqual([null, false])
    expect(Object.keys(button().__events ?? {})).toEqual(['click'])
  })

  it('refused earlier (remembered): the first tap already ends on the settings Button, with nothing downloaded', async () => {
    const { sim, button } = page({ source: URL })
    sim.authSetting[sim.scope] = false
    sim.press(button())
    await reads(button, '去设置打开相册权限')
    expect(sim.calls).toEqual(['getSetting'])
    sim.server.route(URL, { body: PNG, contentType: 'image/png' })
    sim.press(button())
    await reads(button, '已保存')
  })

  it('the album left off: still the settings Button, and nothing saved', async () => {
    const { sim, button, saved } = page({}, { dialog: 'deny' })
    sim.settings.answer = 'off'
    sim.press(button())
    await reads(button, '去设置打开相册权限')
    sim.press(button())
    await waitFor(() => expect(sim.settingsVisits).toBe(1))
    await sleep(20)
    expect(button().openType).toBe('openSetting')
    expect([sim.album.length, saved.mock.calls.length]).toEqual([0, 0])
  })

  it('retryAfterSetting={false}: back to the save Button, and the next tap saves', async () => {
    const { sim, button, saved } = page({ retryAfterSetting: false, locale: 'en' }, { dialog: 'deny' })
    sim.press(button())
    await reads(button, 'Allow album access in Settings')
    sim.press(button())
    await reads(button, 'Save to album')
    await sleep(20)
    expect(sim.album).toHaveLength(0)
    sim.press(button())
    await reads(button, 'Saved')
    expect(saved).toHaveBeenCalledTimes(1)
  })

  it('(the simulated device) an onClick on a wrapper swallows onOpenSetting, as NervJS/taro#636 reports', async () => {
    const loaded = loadWithComponents('weapp', { dialog: 'deny' })
    const sim = loaded.sim as unknown as Sim
    const { SaveToAlbumButton } = loaded.components
    render(
      <View onClick={() => undefined}>
        <SaveToAlbumButton id='album-button' source={DATA_URL} />
      </View>,
    )
    const button = () => document.getElementById('album-button') as Rendered
    sim.press(button())
    await reads(button, '去设置打开相册权限')
    sim.press(button())
    await waitFor(() => expect(sim.settingsVisits).toBe(1))
    await sleep(20)
    // The person turned the album on, but the Button never heard: it still offers the settings.
    expect(sim.authSetting[sim.scope]).toBe(true)
    expect([button().textContent, sim.album.length]).toEqual(['去设置打开相册权限', 0])
  })

  it('a refused privacy agreement is not a settings matter: the button stays a save button, and its tap tries again with no settings page', async () => {
    const { sim, button, failed } = page({}, { privacy: 'refused' })
    sim.press(button())
    await waitFor(() => expect(failed).toHaveBeenCalledWith(expect.objectContaining({ code: 'PRIVACY_DENIED' })))
    expect(button().openType).toBeUndefined()
    expect(button().textContent).toBe('保存到相册')
    sim.press(button())
    await waitFor(() => expect(failed).toHaveBeenCalledTimes(2))
    expect(failed.mock.calls[1][0]).toMatchObject({ code: 'PRIVACY_DENIED' })
    // Neither the mini program's settings page nor the phone's: neither can undo this refusal.
    expect([sim.settingsVisits, sim.phoneSettingsVisits, sim.calls.includes('openSetting')]).toEqual([0, 0, false])
  })

  it.each(['qq', 'swan'])('%s (Taro binds onOpenSetting there too): the settings Button itself opens the page; once the album is on, saves at once', async (target) => {
    const { sim, button, saved } = page({}, { dialog: 'deny' }, target)
    // A tap as the device handles it: the tap handlers, then the Button's own open type.
    const press = (el: Rendered) => {
      sim.tap(() => el.dispatchEvent(new MouseEvent('click', { bubbles: true })))
      if (el.openType === 'openSetting') sim.openSettingsPage((authSetting) => el.dispatchEvent(new CustomEvent('opensetting', { detail: { authSetting } })))
    }
    press(button())
    await reads(button, '去设置打开相册权限')
    expect(button().openType).toBe('openSetting')
    expect(Object.keys(button().__events ?? {})).toEqual(['opensetting'])
    press(button())
    await reads(button, '已保存')
    expect([sim.settingsVisits, sim.calls.includes('openSetting'), sim.album.length, saved.mock.calls.length]).toEqual([1, false, 1, 1])
  })

  it('Douyin (Taro binds no onOpenSetting there): the tap itself opens the settings, then it saves at once', async () => {
    const { sim, button, saved } = page({}, { dialog: 'deny' }, 'tt')
    sim.press = (el: Element) => sim.tap(() => el.dispatchEvent(new MouseEvent('click', { bubbles: true })))
    sim.press(button())
    await reads(button, '去设置打开相册权限')
    expect(button().openType).toBeUndefined()
    sim.press(button())
    await reads(button, '已保存')
    expect(sim.calls).toContain('openSetting')
    expect(saved).toHaveBeenCalledTimes(1)
  })
})

describe("after the phone itself refused the app its photos, the tap goes to the phone's settings", () => {
  it("WeChat: not the mini program's settings Button; the tap opens the phone's page, and once the photos are allowed it saves", async () => {
    const { sim, button, saved, failed } = page({}, { phone: 'denied' })
    sim.press(button())
    await reads(button, '去手机设置允许访问相册')
    expect(failed).toHaveBeenCalledWith(expect.objectContaining({ code: 'SYSTEM_DENIED' }))
    expect([button().openType ?? null, button().hasAttribute('open-type')]).toEqual([null, false])
    sim.press(button())
    await reads(button, '已保存')
    // The phone's page for WeChat, never the mini program's (where the album was on all along).
    expect([sim.phoneSettingsVisits, sim.settingsVisits, sim.calls.includes('openSetting')]).toEqual([1, 0, false])
    expect([sim.album.length, saved.mock.calls.length, sim.appShowListeners()]).toEqual([1, 1, 0])
  })

  it('Douyin (no call opens that page): the label says where to go; after the person allowed the photos there, the tap saves', async () => {
    const { sim, button, saved } = page({ locale: 'en' }, { phone: 'denied' }, 'tt')
    sim.press = (el: Element) => sim.tap(() => el.dispatchEvent(new MouseEvent('click', { bubbles: true })))
    sim.press(button())
    await reads(button, 'Allow Photos access in phone Settings')
    expect(button().openType).toBeUndefined()
    sim.phone = 'authorized'
    sim.press(button())
    await reads(button, 'Saved')
    expect([sim.settingsVisits, sim.calls.includes('openSetting'), saved.mock.calls.length]).toEqual([0, false, 1])
  })
})

it('on H5 it is a plain button: a tap saves, no open type', async () => {
  const { button, failed } = page({ source: 'ftp://cdn.test/poster.png' }, {}, 'h5')
  expect(button().openType).toBeUndefined()
  button().dispatchEvent(new MouseEvent('click', { bubbles: true }))
  await waitFor(() => expect(failed).toHaveBeenCalledWith(expect.objectContaining({ code: 'INVALID_SOURCE' })))
  expect(screen.getByText('保存失败，点此重试')).toBeTruthy()
})

it('unmounting aborts the save in flight; nothing is reported afterwards', async () => {
  const { sim, button, view, saved, failed } = page({ source: URL })
  sim.server.route(URL, { body: PNG, contentType: 'image/png', hang: true })
  sim.press(button())
  await waitFor(() => expect(sim.openTasks()).toBe(1))
  view.unmount()
  await sleep(20)
  expect([sim.openTasks(), saved.mock.calls.length, failed.mock.calls.length]).toEqual([0, 0, 0])
})

it('unmounted while the settings page its tap opened is open (Douyin): nothing is saved when the person comes back', async () => {
  const { sim, button, view, saved } = page({}, { dialog: 'deny' }, 'tt')
  sim.press = (el: Element) => sim.tap(() => el.dispatchEvent(new MouseEvent('click', { bubbles: true })))
  sim.press(button())
  await reads(button, '去设置打开相册权限')
  const before = sim.calls.length
  sim.settings.stay = 30
  sim.press(button())
  view.unmount()
  await waitFor(() => expect(sim.settingsVisits).toBe(1))
  // Back from the settings page (30 ms), and time for a save to have happened.
  await sleep(150)
  expect([sim.album.length, sim.calls.slice(before), saved.mock.calls.length]).toEqual([0, ['openSetting'], 0])
})

describe('useSaveToAlbum({ retryAfterSetting })', () => {
  /** The hook over a fresh WeChat where the person refuses the first dialog, refused once already. */
  async function refused(options?: { retryAfterSetting?: boolean }) {
    const { sim, lib } = loadWithComponents('weapp', { dialog: 'deny' })
    const hook = renderHook(() => lib.useSaveToAlbum({ timeout: 2000, ...options }))
    expect(await hook.result.current.save(DATA_URL)).toMatchObject({ ok: false, error: { code: 'AUTH_DENIED' } })
    await waitFor(() => expect(hook.result.current.status).toBe('denied'))
    return { sim: sim as unknown as Sim, hook }
  }

  it('on: openSetting() from a tap continues with the last source once the album is on', async () => {
    const { sim, hook } = await refused({ retryAfterSetting: true })
    expect(await sim.tap(() => hook.result.current.openSetting())).toBe(true)
    await waitFor(() => expect(hook.result.current.status).toBe('saved'))
    expect(sim.album).toHaveLength(1)
    expect(sim.calls.filter((c) => c === 'saveImageToPhotosAlbum')).toHaveLength(1)
  })

  it('on, but the album left off: still denied, nothing saved again', async () => {
    const { sim, hook } = await refused({ retryAfterSetting: true })
    sim.settings.answer = 'off'
    expect(await sim.tap(() => hook.result.current.openSetting())).toBe(false)
    await sleep(20)
    expect([hook.result.current.status, sim.album.length, sim.calls.filter((c) => c === 'getSetting').length]).toEqual(['denied', 0, 1])
  })

  it('off (the default): back to idle, and the app saves when it wants', async () => {
    const { sim, hook } = await refused()
    expect(await sim.tap(() => hook.result.current.openSetting())).toBe(true)
    await waitFor(() => expect(hook.result.current.status).toBe('idle'))
    await sleep(20)
    expect(sim.album).toHaveLength(0)
  })

  it('a Button of the app’s own (openType="openSetting") hands its authSetting to the controller: settingChanged()', async () => {
    const { sim, lib } = loadWithComponents('weapp', { dialog: 'deny' })
    const controller = lib.createSaveController({ timeout: 2000, retryAfterSetting: true })
    await controller.save(DATA_URL)
    // Another platform's scope key says nothing about this one's album.
    expect(controller.settingChanged({ 'scope.album': true })).toBe(false)
    expect(controller.getSnapshot().status).toBe('denied')
    expect(controller.settingChanged({ [sim.scope]: true })).toBe(true)
    expect(controller.getSnapshot().status).toBe('authorizing')
    sim.authSetting[sim.scope] = true // what the settings page did
    await waitFor(() => expect(controller.getSnapshot().status).toBe('saved'))
  })
})

describe('an array source', () => {
  const urls = [0, 1, 2].map((i) => `https://cdn.test/${i}.png`)

  it('empty: disabled, a tap saves nothing and onSaved is never called', async () => {
    const { sim, button, saved, failed } = page({ source: [] })
    expect(button().disabled).toBe(true)
    sim.press(button())
    await sleep(20)
    expect([button().textContent, sim.calls, saved.mock.calls.length, failed.mock.calls.length]).toEqual(['保存到相册', [], 0, 0])
  })

  it('partly failed: the retry tap saves only the images not saved, no duplicates', async () => {
    const { sim, button, saved, failed } = page({ source: urls })
    urls.forEach((url, i) => sim.server.route(url, { body: PNG, contentType: 'image/png', status: i === 1 ? 503 : 200 }))
    sim.press(button())
    await reads(button, '保存失败，点此重试')
    expect([sim.album.length, failed.mock.calls.length]).toEqual([2, 1])
    sim.server.route(urls[1], { body: PNG, contentType: 'image/png' })
    sim.press(button())
    await reads(button, '已保存')
    expect(sim.album).toHaveLength(3)
    expect(sim.requests.filter((q) => q.api === 'downloadFile').map((q) => q.options.url)).toEqual([...urls, urls[1]])
    expect(saved).toHaveBeenCalledTimes(1)
  })

  it('partly failed, then re-rendered with new objects for the same sources: the retry tap still saves only what is missing', async () => {
    const videos = () => urls.map((video) => ({ video }))
    const { sim, button, view, saved, components } = page({ source: videos() })
    urls.forEach((url, i) => sim.server.route(url, { body: MP4, contentType: 'video/mp4', status: i === 1 ? 503 : 200 }))
    sim.press(button())
    await reads(button, '保存失败，点此重试')
    expect(sim.album).toHaveLength(urls.length - 1)
    sim.server.route(urls[1], { body: MP4, contentType: 'video/mp4' })
    // A parent's re-render: equal sources, new objects.
    view.rerender(<components.SaveToAlbumButton id='album-button' source={videos()} timeout={2000} onSaved={saved} />)
    sim.press(button())
    await reads(button, '已保存')
    expect(sim.album).toHaveLength(urls.length)
    expect(sim.requests.filter((q) => q.api === 'downloadFile').map((q) => q.options.url)).toEqual([...urls, urls[1]])
  })

  it('a new source after a failure is saved whole, not retried', async () => {
    const { sim, button, view, saved, components } = page({ source: urls.slice(0, 2) })
    urls.forEach((url, i) => sim.server.route(url, { body: PNG, contentType: 'image/png', status: i === 1 ? 503 : 200 }))
    sim.press(button())
    await reads(button, '保存失败，点此重试')
    view.rerender(<components.SaveToAlbumButton id='album-button' source={[urls[0], urls[2]]} timeout={2000} onSaved={saved} />)
    sim.press(button())
    await reads(button, '已保存')
    expect(sim.requests.filter((q) => q.api === 'downloadFile').map((q) => q.options.url)).toEqual([urls[0], urls[1], urls[0], urls[2]])
  })

  it('the same array changed in place after a failure is a new source: saved whole, not retried', async () => {
    const photos = urls.slice(0, 2)
    const { sim, button, view, saved, components } = page({ source: photos })
    urls.forEach((url, i) => sim.server.route(url, { body: PNG, contentType: 'image/png', status: i === 1 ? 503 : 200 }))
    sim.press(button())
    await reads(button, '保存失败，点此重试')
    photos[0] = urls[2]
    view.rerender(<components.SaveToAlbumButton id='album-button' source={photos} timeout={2000} onSaved={saved} />)
    sim.press(button())
    await waitFor(() => expect(sim.requests.filter((q) => q.api === 'downloadFile')).toHaveLength(4))
    await reads(button, '保存失败，点此重试')
    expect(sim.requests.filter((q) => q.api === 'downloadFile').map((q) => q.options.url)).toEqual([urls[0], urls[1], urls[2], urls[1]])
    expect(saved).not.toHaveBeenCalled()
  })
})

describe('a single source changed after a failure: the tap saves it as it is now, not the old one again', () => {
  it('a canvas exported as jpg now (same canvasId, another fileType), then as png again (fileType left out): each tap exports it as set then', async () => {
    const { sim, button, view, saved, components } = page({ source: { canvasId: 'poster', fileType: 'png' } })
    sim.canvas('poster')
    const rerender = (source: SaveToAlbumButtonProps['source']) => view.rerender(<components.SaveToAlbumButton id='album-button' source={source} timeout={2000} onSaved={saved} />)
    const albumFails = (fails: boolean) => sim.fault('saveImageToPhotosAlbum', fails ? { fail: 'saveImageToPhotosAlbum:fail system error' } : undefined)
    albumFails(true)
    sim.press(button())
    await reads(button, '保存失败，点此重试')
    albumFails(false)
    rerender({ canvasId: 'poster', fileType: 'jpg' })
    sim.press(button())
    await reads(button, '已保存')
    expect(sim.album.map((a) => a.name.split('.').pop())).toEqual(['jpg'])

    albumFails(true)
    sim.press(button())
    await reads(button, '保存失败，点此重试')
    albumFails(false)
    rerender({ canvasId: 'poster' })
    sim.press(button())
    await reads(button, '已保存')
    expect(sim.album.map((a) => a.name.split('.').pop())).toEqual(['jpg', 'png'])
    expect(saved).toHaveBeenCalledTimes(2)
  })

  it('a source not there yet (null, from a JavaScript page) fails INVALID_SOURCE; once it is there, the tap saves it', async () => {
    const { sim, button, view, saved, failed, components } = page({ source: null as unknown as SaveToAlbumButtonProps['source'] })
    sim.press(button())
    await reads(button, '保存失败，点此重试')
    expect(failed).toHaveBeenCalledWith(expect.objectContaining({ code: 'INVALID_SOURCE' }))
    view.rerender(<components.SaveToAlbumButton id='album-button' source={{ base64: JPEG_B64, format: 'jpg' }} timeout={2000} onSaved={saved} onError={failed} />)
    expect(button().textContent).toBe('保存失败，点此重试')
    sim.press(button())
    await reads(button, '已保存')
    expect([sim.album.map((a) => a.name.split('.').pop()), saved.mock.calls.length, failed.mock.calls.length]).toEqual([['jpg'], 1, 1])
  })
})

it('an onSaved that throws does not leave the button busy: the next tap saves again', async () => {
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined)
  const thrown = new Error('a bug in the app')
  const { sim, button } = page({
    onSaved: () => {
      throw thrown
    },
  })
  sim.press(button())
  await reads(button, '已保存')
  sim.press(button())
  await waitFor(() => expect(error).toHaveBeenCalledTimes(2))
  expect(sim.album).toHaveLength(2)
  error.mock.calls.forEach((call) => expect(call).toContain(thrown))
  error.mockClear()
})
