/**
 * The demo's recovery paths in its weapp build over the simulated WeChat (weapp-host.ts), pressed
 * as a device handles Buttons: the package's SaveToAlbumButton (`#album-button`) after a refusal,
 * and the demo's own privacy sheet (`#privacy-agree`, `#privacy-disagree`) while a save waits for
 * the privacy agreement (base library ≥ 2.32.3: `privacyApi`).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { EXAMPLE } from './helpers'
import { launch, type Host, type Sim } from './weapp-host'

const SAMPLE_URL = 'https://img.example.com/taro-save-to-album/sample.png'
const SAMPLE = new Uint8Array(readFileSync(join(EXAMPLE, 'src', 'assets', 'sample.png')))
const CONTRACT = '《示例小程序隐私保护指引》'

let host: Host | undefined
afterEach(async () => {
  await host?.close()
  host = undefined
})

const serveSample = (sim: Sim) => sim.server.route(SAMPLE_URL, { body: SAMPLE, contentType: 'image/png' })
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b))
const openType = (h: Host, id: string) => h.byId(id)?.attrs['open-type'] || undefined

describe('album-button: refused, then one tap to the settings and back', () => {
  /** Launches with the album refused in the dialog and presses the button once: denied. */
  async function refused() {
    const h = await launch({ dialog: 'deny' }, serveSample)
    expect(h.byId('album-button')?.tag).toBe('button')
    expect(openType(h, 'album-button')).toBeUndefined()
    h.press('album-button')
    await h.waitText('album-status', 'denied AUTH_DENIED')
    await h.waitFor(() => openType(h, 'album-button') === 'openSetting', 'the button to become the settings button')
    return h
  }

  test('it becomes the settings button, with no tap handler on it or up its tree', async () => {
    host = await refused()
    expect(host.sim.album).toHaveLength(0)
    expect(host.sim.calls).not.toContain('downloadFile')
    expect(host.text('album-button')).toBe('去设置打开相册权限')
    // An onClick on the button or its parent would swallow onOpenSetting (NervJS/taro#636).
    const chain = host.handlersUp('album-button')
    expect(chain[0]).toContain('opensetting')
    expect(chain.length).toBeGreaterThan(3)
    expect(chain.filter((types) => types.includes('tap'))).toEqual([])
  })

  test('the person turns the album on in the settings page it opened: saved at once, no second tap', async () => {
    host = await refused()
    const { sim } = host
    sim.settings.answer = 'on'
    const before = sim.calls.length
    host.press('album-button')
    await host.waitText('album-status', 'saved')
    // The Button opened the settings page itself: no openSetting() call, one visit.
    expect(sim.calls.slice(before)).not.toContain('openSetting')
    expect(sim.settingsVisits).toBe(1)
    expect(sim.authSetting['scope.writePhotosAlbum']).toBe(true)
    expect(sim.album).toHaveLength(1)
    expect(same(sim.album[0].bytes, SAMPLE)).toBe(true)
    expect(sim.calls.slice(before)).toEqual(expect.arrayContaining(['downloadFile', 'saveImageToPhotosAlbum']))
    // A save button again, reading saved.
    await host.waitFor(() => openType(host!, 'album-button') === undefined, 'the button to leave the settings mode')
    expect(host.text('album-button')).toBe('已保存')
    expect(sim.files()).toEqual([])
  })

  test('the person leaves the album off: still the settings button, nothing downloaded or saved', async () => {
    host = await refused()
    const { sim } = host
    sim.settings.answer = 'off'
    const before = sim.calls.length
    host.press('album-button')
    await host.waitFor(() => sim.settingsVisits === 1, 'the settings page visit')
    await new Promise((r) => setTimeout(r, 50))
    expect(host.text('album-status')).toBe('denied AUTH_DENIED')
    expect(openType(host, 'album-button')).toBe('openSetting')
    expect(sim.calls.slice(before)).not.toContain('downloadFile')
    expect(sim.album).toHaveLength(0)
  })
})

describe('the privacy agreement, on the demo\'s own sheet', () => {
  /** Launches with the agreement not yet agreed and taps save-url: the save waits on the sheet. */
  async function pending() {
    const h = await launch({ privacyApi: true, privacy: 'pending', dialog: 'allow' }, serveSample)
    expect(h.byId('privacy-sheet')).toBeUndefined()
    h.tap('save-url')
    await h.waitFor(() => h.byId('privacy-sheet'), 'the privacy sheet')
    await h.waitFor(() => h.text('privacy-contract') === CONTRACT, 'the agreement name from getPrivacySetting')
    // The save waits for the person: nothing downloaded, nothing asked about the album yet.
    expect(h.text('status')).toBe('authorizing')
    expect(h.sim.calls).toContain('requirePrivacyAuthorize')
    expect(h.sim.calls).not.toContain('downloadFile')
    expect(h.sim.dialogs).toBe(0)
    expect(h.byId('privacy-agree')?.attrs['open-type']).toBe('agreePrivacyAuthorization')
    return h
  }

  test('privacy-agree: the waiting save goes on and is saved; the sheet closes', async () => {
    host = await pending()
    const { sim } = host
    host.press('privacy-agree')
    await host.waitText('status', 'saved')
    expect(sim.privacy).toBe('agreed')
    expect(sim.privacySheets).toBe(1)
    expect(sim.album).toHaveLength(1)
    expect(same(sim.album[0].bytes, SAMPLE)).toBe(true)
    expect(host.byId('privacy-sheet')).toBeUndefined()
  })

  test('privacy-disagree: the save ends denied PRIVACY_DENIED, nothing downloaded, no settings button', async () => {
    host = await pending()
    const { sim } = host
    host.press('privacy-disagree')
    await host.waitText('status', 'denied PRIVACY_DENIED')
    expect(sim.privacy).toBe('pending')
    expect(sim.album).toHaveLength(0)
    expect(sim.calls).not.toContain('downloadFile')
    expect(host.byId('privacy-sheet')).toBeUndefined()
    // The settings page cannot help with the agreement: no #open-setting for it.
    expect(host.byId('open-setting')).toBeUndefined()
  })

  test('the agree event alone, without the tap on the agree button, does not count as agreeing', async () => {
    host = await pending()
    // What an app's code could do without the person: answer agree for a button nobody tapped.
    const agree = host.byId('privacy-agree')!
    host.page.eh({
      type: 'agreeprivacyauthorization',
      timeStamp: Date.now(),
      target: { id: 'privacy-agree', dataset: { sid: agree.sid } },
      currentTarget: { id: 'privacy-agree', dataset: { sid: agree.sid } },
      detail: { errMsg: 'agreePrivacyAuthorization:ok' },
    })
    await host.waitText('status', 'denied PRIVACY_DENIED')
    expect(host.sim.privacy).toBe('pending')
    expect(host.sim.album).toHaveLength(0)
  })
})
