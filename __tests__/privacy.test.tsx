/**
 * The privacy agreement (WeChat base library ≥ 2.32.3, Douyin ≥ 3.19.0): a save asks for it
 * before the album scope; an app that mounts `usePrivacyAuthorization()` shows its own sheet and
 * answers through the agree Button (`openType="agreePrivacyAuthorization"`) or `disagree()`;
 * without it the platform's own sheet answers; older base libraries see no privacy call at all.
 * Over the real Taro plugin runtimes and their simulated natives.
 */
import { loadWithComponents } from './runtime/components' // first: it decides what @tarojs/components is
import { render, renderHook, screen, waitFor } from '@testing-library/react'
import { Button } from '@tarojs/components'
import type { Sim } from './runtime/wx'
import { PNG_B64 } from './runtime/images'

const DATA_URL = `data:image/png;base64,${PNG_B64}`
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** Today's calls for a base64 save on WeChat, without any privacy API. */
const PLAIN_SAVE = ['getSetting', 'authorize', 'fs.writeFile', 'saveImageToPhotosAlbum', 'fs.unlink']

beforeAll(() => {
  // Let React render as in an app, between platform answers, rather than in act() batches.
  ;(globalThis as any).IS_REACT_ACT_ENVIRONMENT = false
})

/** A page with the app's own privacy sheet (as the demo has it), over a fresh WeChat. */
function page(options: Parameters<typeof loadWithComponents>[1] = {}, arrange?: (sim: Sim) => void) {
  const loaded = loadWithComponents('weapp', { privacyApi: true, privacy: 'pending', ...options })
  const { lib, components } = loaded
  arrange?.(loaded.sim as unknown as Sim)
  function Sheet() {
    const { pending, contractName, disagree } = lib.usePrivacyAuthorization()
    if (!pending) return null
    return (
      <>
        <span id='contract'>{contractName}</span>
        <Button id='privacy-disagree' onClick={disagree}>
          拒绝
        </Button>
        <components.PrivacyAgreeButton />
      </>
    )
  }
  const view = render(<Sheet />)
  return { ...loaded, sim: loaded.sim as unknown as Sim, view, controller: lib.createSaveController({ timeout: 2000 }) }
}

/** The element with this id, once it is there. */
const shown = (id: string) => waitFor(() => expect(document.getElementById(id)).not.toBeNull()).then(() => document.getElementById(id)!)

/**
 * Every answer the app gives the platform: the runtime's `onNeedPrivacyAuthorization`, seen from
 * the platform's side, noting what each request's `resolve` is called with. Before the sheet registers.
 */
function answersGiven(sim: Sim) {
  const answers: unknown[] = []
  const register = sim.wx.onNeedPrivacyAuthorization
  sim.wx.onNeedPrivacyAuthorization = (listener: (resolve: (a: unknown) => void, info: unknown) => void) =>
    register((resolve: (a: unknown) => void, info: unknown) => listener((a) => (answers.push(a), resolve(a)), info))
  return answers
}

describe('the app shows its own agreement sheet', () => {
  it('pending → agree: the waiting save goes on to saved, and the agreement is remembered', async () => {
    const { sim, controller } = page()
    const saving = controller.save(DATA_URL)
    const agree = await shown('privacy-agree')
    expect(controller.getSnapshot().status).toBe('authorizing')
    // Nothing past the agreement has started while it waits: no scope read, no file written.
    expect(sim.calls).toEqual(['onNeedPrivacyAuthorization', 'getPrivacySetting', 'requirePrivacyAuthorize'])
    expect(screen.getByText('《示例小程序隐私保护指引》')).toBeTruthy()
    expect(agree.getAttribute('open-type')).toBe('agreePrivacyAuthorization')
    await sleep(50)
    expect(controller.getSnapshot().status).toBe('authorizing') // a person is never timed out

    sim.press(agree)
    expect(await saving).toMatchObject({ ok: true })
    expect(sim.album).toHaveLength(1)
    expect([sim.privacy, sim.privacySheets]).toEqual(['agreed', 1])
    await waitFor(() => expect(document.getElementById('privacy-agree')).toBeNull())
    // Agreed once: the next save asks nothing.
    expect(await controller.save(DATA_URL)).toMatchObject({ ok: true })
    expect(sim.privacySheets).toBe(1)
  })

  it('pending → disagree: the save ends denied with PRIVACY_DENIED before any download or dialog; the next save asks again', async () => {
    const { sim, controller } = page()
    const saving = controller.save(DATA_URL)
    sim.press(await shown('privacy-disagree'))
    const result = await saving
    expect(result).toMatchObject({ ok: false, error: { code: 'PRIVACY_DENIED' } })
    expect(controller.getSnapshot()).toMatchObject({ status: 'denied', error: { code: 'PRIVACY_DENIED' } })
    expect([sim.dialogs, sim.album.length, sim.files()]).toEqual([0, 0, []])
    expect(sim.calls).not.toContain('getSetting')

    // Not remembered as a refusal: the sheet comes back, and agreeing saves.
    const again = controller.save(DATA_URL)
    sim.press(await shown('privacy-agree'))
    expect(await again).toMatchObject({ ok: true })
    expect(sim.privacySheets).toBe(2)
  })

  it('one agreement answers every save waiting on it', async () => {
    const { sim, lib, controller } = page()
    const other = lib.createSaveController({ timeout: 2000 })
    const both = Promise.all([controller.save(DATA_URL), other.save(DATA_URL)])
    sim.press(await shown('privacy-agree'))
    expect((await both).map((r) => r.ok)).toEqual([true, true])
    expect(sim.album).toHaveLength(2)
  })

  it('agreeing without the person tapping the agree button is refused by the platform', async () => {
    const { sim, lib, controller } = page()
    const saving = controller.save(DATA_URL)
    await shown('privacy-agree')
    lib.privacyAuthorization.agree('privacy-agree')
    expect(await saving).toMatchObject({ ok: false, error: { code: 'PRIVACY_DENIED' } })
    expect(sim.privacy).toBe('pending')
  })

  it('tells the agreement name and opens it', async () => {
    const { sim, lib } = page()
    await waitFor(() => expect(lib.privacyAuthorization.getSnapshot()).toEqual({ pending: false, contractName: '《示例小程序隐私保护指引》', supported: true }))
    expect(await lib.privacyAuthorization.openContract()).toBe(true)
    expect(sim.calls).toContain('openPrivacyContract')
  })

  it("the agreement's name not known when the sheet registers (none given): '' until known, and read again when a request arrives", async () => {
    const { sim, lib, controller } = page({}, (sim) => void (sim.contractName = ''))
    await sleep(20)
    expect(lib.privacyAuthorization.getSnapshot()).toEqual({ pending: false, contractName: '', supported: true })
    sim.contractName = '《示例小程序隐私保护指引》'
    const saving = controller.save(DATA_URL)
    sim.press(await shown('privacy-agree'))
    expect(await saving).toMatchObject({ ok: true })
    expect(lib.privacyAuthorization.getSnapshot().contractName).toBe('《示例小程序隐私保护指引》')
  })

  it('registers with the platform once, however many components use it or app.ts calls listen()', async () => {
    const { sim, lib } = page()
    function Badge() {
      const { pending } = lib.usePrivacyAuthorization()
      return <span>{String(pending)}</span>
    }
    render(<Badge />)
    expect(lib.privacyAuthorization.listen()).toBe(true)
    await sleep(20)
    expect(sim.calls).toEqual(['onNeedPrivacyAuthorization', 'getPrivacySetting'])
  })

  it('subscribers hear each change, nothing when nothing changed, and nothing once unsubscribed', async () => {
    const { lib, controller } = page()
    const store = lib.privacyAuthorization
    await waitFor(() => expect(store.getSnapshot().contractName).not.toBe(''))
    let heard = 0
    const stop = store.subscribe(() => void heard++)
    await store.refresh() // the same name again
    store.disagree() // nothing waits
    expect(heard).toBe(0)
    const saving = controller.save(DATA_URL)
    await shown('privacy-agree')
    expect([heard, store.getSnapshot().pending]).toEqual([1, true])
    stop()
    store.disagree()
    expect(await saving).toMatchObject({ ok: false, error: { code: 'PRIVACY_DENIED' } })
    expect([heard, store.getSnapshot().pending]).toEqual([1, false])
  })

  it.each([
    ['no label given', '同意并继续', {}],
    ['locale en', 'Agree and continue', { locale: 'en' }],
    ['locale zh', '同意并继续', { locale: 'zh' }],
    ['its own label', '同意', { locale: 'en', children: '同意' }],
  ] as const)('the agree button, %s: reads %s', (_, label, props) => {
    const { components } = loadWithComponents('weapp', { privacyApi: true })
    render(<components.PrivacyAgreeButton {...props} />)
    expect(document.getElementById('privacy-agree')!.textContent).toBe(label)
  })
})

describe('the platform gets one answer per request, in its own words', () => {
  it.each([
    ['the person agrees', { event: 'agree', buttonId: 'privacy-agree' }, async ({ sim }: ReturnType<typeof page>): Promise<void> => sim.press(await shown('privacy-agree'))],
    ['the person declines', { event: 'disagree' }, async ({ sim }: ReturnType<typeof page>): Promise<void> => sim.press(await shown('privacy-disagree'))],
    ['the save is aborted while the sheet shows', { event: 'disagree' }, async ({ controller }: ReturnType<typeof page>): Promise<void> => void (await shown('privacy-agree'), controller.abort())],
  ] as const)('%s: %o', async (_, answer, act) => {
    let answers: unknown[] = []
    const p = page({}, (sim) => void (answers = answersGiven(sim)))
    const saving = p.controller.save(DATA_URL)
    await act(p)
    await saving
    await sleep(30)
    expect(answers).toEqual([answer])
  })

  it('the save is aborted before its request arrived: that request is answered disagree', async () => {
    let answers: unknown[] = []
    const { sim, controller } = page({}, (sim) => void (answers = answersGiven(sim)))
    sim.onCall = (api) => api === 'requirePrivacyAuthorize' && controller.abort()
    expect(await controller.save(DATA_URL)).toMatchObject({ ok: false, error: { code: 'ABORTED' } })
    await sleep(30)
    expect(answers).toEqual([{ event: 'disagree' }])
  })
})

describe('a save that stops waiting on the sheet (abort, unmount) takes its request back', () => {
  /** The sheet is up for `saving`; nothing is shown once it is gone. */
  const gone = () => waitFor(() => expect(document.getElementById('privacy-agree')).toBeNull())

  it('abort: the sheet goes, the platform is answered (so nothing saves later), and the next save asks again', async () => {
    const { sim, lib, controller } = page()
    const saving = controller.save(DATA_URL)
    await shown('privacy-agree')
    controller.abort()
    expect(await saving).toMatchObject({ ok: false, error: { code: 'ABORTED' } })
    await gone()
    expect(lib.privacyAuthorization.getSnapshot().pending).toBe(false)
    await sleep(20)
    // Answered "disagree", as WeChat requires: the waiting API failed, nothing was remembered, nothing saved.
    expect([sim.privacy, sim.album.length, sim.calls.includes('getSetting')]).toEqual(['pending', 0, false])

    const again = controller.save(DATA_URL)
    sim.press(await shown('privacy-agree'))
    expect(await again).toMatchObject({ ok: true })
    expect([sim.privacySheets, sim.album.length]).toEqual([2, 1])
  })

  it('unmounting the hook that saves: the sheet goes too', async () => {
    const { sim, lib } = page()
    const hook = renderHook(() => lib.useSaveToAlbum({ timeout: 2000 }))
    const saving = hook.result.current.save(DATA_URL)
    await shown('privacy-agree')
    hook.unmount()
    expect(await saving).toMatchObject({ ok: false, error: { code: 'ABORTED' } })
    await gone()
    await sleep(20)
    expect([lib.privacyAuthorization.getSnapshot().pending, sim.album.length]).toEqual([false, 0])
  })

  it('aborted before the platform even asked for the sheet: the late request is answered at once, never shown', async () => {
    const { sim, lib, controller } = page()
    let pendingSeen = false
    const stop = lib.privacyAuthorization.subscribe(() => (pendingSeen ||= lib.privacyAuthorization.getSnapshot().pending))
    sim.onCall = (api) => api === 'requirePrivacyAuthorize' && controller.abort()
    expect(await controller.save(DATA_URL)).toMatchObject({ ok: false, error: { code: 'ABORTED' } })
    await sleep(30)
    stop()
    expect([pendingSeen, sim.privacySheets, sim.privacy, document.getElementById('privacy-agree')]).toEqual([false, 1, 'pending', null])
  })

  it('while another save still waits, the sheet stays, and agreeing saves that one only', async () => {
    const { sim, lib, controller } = page()
    const other = lib.createSaveController({ timeout: 2000 })
    const first = controller.save(DATA_URL)
    const second = other.save(DATA_URL)
    await shown('privacy-agree')
    controller.abort()
    expect(await first).toMatchObject({ ok: false, error: { code: 'ABORTED' } })
    await sleep(20)
    expect(lib.privacyAuthorization.getSnapshot().pending).toBe(true)
    sim.press(await shown('privacy-agree'))
    expect(await second).toMatchObject({ ok: true })
    await sleep(20)
    expect(sim.album).toHaveLength(1)
  })

  it("another API's request (the app's own) keeps the sheet up after the save stopped waiting", async () => {
    const { sim, lib, controller } = page()
    const saving = controller.save(DATA_URL)
    await shown('privacy-agree')
    let authorized: string | undefined
    // The app's own call of a covered API, straight on the runtime: its request joins the sheet.
    sim.wx.authorize({ scope: 'scope.writePhotosAlbum', success: () => (authorized = 'ok'), fail: () => (authorized = 'fail') })
    await sleep(20)
    controller.abort()
    await saving
    await sleep(20)
    expect(lib.privacyAuthorization.getSnapshot().pending).toBe(true)
    sim.press(await shown('privacy-agree'))
    await waitFor(() => expect(authorized).toBe('ok'))
    expect(sim.album).toHaveLength(0)
  })

  it("another API's request that reaches the sheet before the save's own is not taken for it", async () => {
    const { sim, lib, controller } = page()
    let authorized: string | undefined
    // The app's own covered call, just before the save: its request arrives first.
    sim.wx.authorize({ scope: 'scope.writePhotosAlbum', success: () => (authorized = 'ok'), fail: () => (authorized = 'fail') })
    const saving = controller.save(DATA_URL)
    await waitFor(() => expect(sim.privacySheets).toBe(2))
    await sleep(20)
    controller.abort()
    expect(await saving).toMatchObject({ ok: false, error: { code: 'ABORTED' } })
    await sleep(20)
    expect([authorized, lib.privacyAuthorization.getSnapshot().pending]).toEqual([undefined, true])
    sim.press(await shown('privacy-agree'))
    await waitFor(() => expect(authorized).toBe('ok'))
    expect(sim.album).toHaveLength(0)
  })

  it('saves that needed no sheet leave nothing behind: when the agreement is asked again (the guide updated), an abort still takes back its request', async () => {
    const { sim, lib, controller } = page({ privacy: 'agreed' })
    expect(await controller.save(DATA_URL)).toMatchObject({ ok: true })
    sim.privacy = 'pending'
    const saving = controller.save(DATA_URL)
    await shown('privacy-agree')
    controller.abort()
    expect(await saving).toMatchObject({ ok: false, error: { code: 'ABORTED' } })
    await gone()
    expect([lib.privacyAuthorization.getSnapshot().pending, sim.privacy, sim.album.length]).toEqual([false, 'pending', 1])
  })
})

describe("the app's own requirePrivacyAuthorize (same referrer as a save's) is never taken back by a save", () => {
  /** The app's own up-front request, straight on the runtime: how it ended, once it has. */
  function appAsks(sim: Sim) {
    const app = { answer: undefined as string | undefined }
    sim.wx.requirePrivacyAuthorize({ success: () => (app.answer = 'agreed'), fail: (r: { errMsg: string }) => (app.answer = r.errMsg) })
    return app
  }

  it("the app's request survives a save's abort, and the person's agreement then answers it", async () => {
    const { sim, lib, controller } = page()
    const app = appAsks(sim)
    await shown('privacy-agree')
    const saving = controller.save(DATA_URL)
    await waitFor(() => expect(sim.privacySheets).toBe(2))
    controller.abort()
    expect(await saving).toMatchObject({ ok: false, error: { code: 'ABORTED' } })
    await sleep(20)
    expect([app.answer, lib.privacyAuthorization.getSnapshot().pending]).toEqual([undefined, true])
    sim.press(await shown('privacy-agree'))
    await waitFor(() => expect(app.answer).toBe('agreed'))
    await sleep(20)
    expect([sim.privacy, sim.album.length, sim.calls.includes('getSetting')]).toEqual(['agreed', 0, false])
  })

  it("a save's abort answers its own request disagree and the sheet goes, the app's answered request aside", async () => {
    const { sim, lib, controller } = page()
    const saving = controller.save(DATA_URL)
    await shown('privacy-agree')
    controller.abort()
    await saving
    await waitFor(() => expect(lib.privacyAuthorization.getSnapshot().pending).toBe(false))
    // The app asks afterwards: a request of its own, shown and kept.
    const app = appAsks(sim)
    await shown('privacy-agree')
    await sleep(20)
    expect([app.answer, lib.privacyAuthorization.getSnapshot().pending]).toEqual([undefined, true])
  })

  it("a batch, another save and the app's request interleaved: each abort takes back its own request only", async () => {
    const { sim, lib, controller } = page()
    const other = lib.createSaveController({ timeout: 2000 })
    const batch = controller.saveAll([DATA_URL, DATA_URL])
    await waitFor(() => expect(sim.privacySheets).toBe(1))
    const app = appAsks(sim)
    await waitFor(() => expect(sim.privacySheets).toBe(2))
    const single = other.save(DATA_URL)
    await waitFor(() => expect(sim.privacySheets).toBe(3))

    controller.abort()
    expect((await batch).map((r) => r.ok || r.error.code)).toEqual(['ABORTED', 'ABORTED'])
    await sleep(20)
    expect([app.answer, lib.privacyAuthorization.getSnapshot().pending]).toEqual([undefined, true])

    other.abort()
    expect(await single).toMatchObject({ ok: false, error: { code: 'ABORTED' } })
    await sleep(20)
    expect([app.answer, lib.privacyAuthorization.getSnapshot().pending]).toEqual([undefined, true])

    sim.press(await shown('privacy-agree'))
    await waitFor(() => expect(app.answer).toBe('agreed'))
    await waitFor(() => expect(lib.privacyAuthorization.getSnapshot().pending).toBe(false))
    await sleep(20)
    expect([sim.album.length, sim.calls.includes('getSetting')]).toEqual([0, false])
  })
})

describe('without the app’s sheet', () => {
  it.each([
    ['agree', { ok: true }],
    ['disagree', { ok: false, error: { code: 'PRIVACY_DENIED' } }],
  ] as const)('the platform’s own sheet is used: the person answers %s', async (answer, outcome) => {
    const { sim, lib } = loadWithComponents('weapp', { privacyApi: true, privacy: 'pending', privacySheet: answer })
    const wx = sim as unknown as Sim
    const result = await lib.createSaveController({ timeout: 2000 }).save(DATA_URL)
    expect(result).toMatchObject(outcome)
    expect(wx.privacySheets).toBe(1)
    expect(wx.calls).not.toContain('onNeedPrivacyAuthorization')
    expect(wx.calls[0]).toBe('requirePrivacyAuthorize')
  })

  it('a privacy call that fails for another reason: the message names the privacy agreement and keeps the platform words', async () => {
    const { sim, lib } = loadWithComponents('weapp', { privacyApi: true })
    const wx = sim as unknown as Sim
    wx.fault('requirePrivacyAuthorize', { fail: 'requirePrivacyAuthorize:fail system error' })
    const result = await lib.createSaveController().save(DATA_URL)
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringMatching(/privacy agreement failed.*system error/) } })
    expect(wx.calls).not.toContain('getSetting')
  })

  it('the person reads the agreement as long as they like: the timeout does not cut the sheet off', async () => {
    const { sim, lib } = loadWithComponents('weapp', { privacyApi: true, privacy: 'pending' })
    const wx = sim as unknown as Sim
    wx.fault('requirePrivacyAuthorize', { late: 150 })
    expect(await lib.createSaveController({ timeout: 50 }).save(DATA_URL)).toMatchObject({ ok: true })
    expect(wx.privacySheets).toBe(1)
  })

  it('a base library with the privacy APIs but no onNeedPrivacyAuthorization: the platform’s sheet answers, and the module reads nothing of its own', async () => {
    const { sim, lib } = loadWithComponents('weapp', { privacyApi: true, privacy: 'pending', without: ['onNeedPrivacyAuthorization'] })
    const wx = sim as unknown as Sim
    expect(lib.privacyAuthorization.listen()).toBe(false)
    expect(await lib.createSaveController({ timeout: 2000 }).save(DATA_URL)).toMatchObject({ ok: true })
    await sleep(10)
    expect(lib.privacyAuthorization.getSnapshot()).toEqual({ pending: false, contractName: '', supported: false })
    expect([wx.privacySheets, wx.calls.includes('getPrivacySetting')]).toEqual([1, false])
  })

  it.each(['h5', 'harmony-hybrid', 'rn'])(
    '%s: nothing to register (Taro’s privacy APIs there are stubs that succeed in production builds, or there is no album): never called',
    async (target) => {
      // Taro's H5 build aliases @tarojs/taro to @tarojs/taro-h5 (harmony-hybrid's loader does its own).
      if (target === 'h5') jest.doMock('@tarojs/taro', () => jest.requireActual('@tarojs/taro-h5'))
      const { lib } = loadWithComponents(target)
      jest.dontMock('@tarojs/taro')
      const env = process.env.NODE_ENV
      process.env.NODE_ENV = 'production'
      try {
        expect(lib.privacyAuthorization.listen()).toBe(false)
        expect(await lib.privacyAuthorization.openContract()).toBe(false)
        await lib.privacyAuthorization.refresh()
        expect(lib.privacyAuthorization.getSnapshot()).toEqual({ pending: false, contractName: '', supported: false })
      } finally {
        process.env.NODE_ENV = env
      }
    },
  )

  it('an older base library (no privacy API) makes exactly today’s calls, with or without the hook mounted', async () => {
    const { sim, lib } = loadWithComponents('weapp')
    const wx = sim as unknown as Sim
    function Sheet() {
      const { pending, supported } = lib.usePrivacyAuthorization()
      return <span id='sheet'>{`${pending} ${supported}`}</span>
    }
    render(<Sheet />)
    expect(screen.getByText('false false')).toBeTruthy()
    expect(await lib.createSaveController().save(DATA_URL)).toMatchObject({ ok: true })
    await sleep(10)
    expect(wx.calls).toEqual(PLAIN_SAVE)
    expect(await lib.privacyAuthorization.openContract()).toBe(false)
  })
})

describe('the album missing from the declared agreement', () => {
  it.each([
    ['with', true],
    ['without', false],
  ])('WeChat %s the privacy API: PRIVACY_DENIED, and the message says where to declare the album', async (_, privacyApi) => {
    const { lib } = loadWithComponents('weapp', { privacyApi, privacy: 'undeclared' })
    const result = await lib.createSaveController().save(DATA_URL)
    expect(result).toMatchObject({ ok: false, error: { code: 'PRIVACY_DENIED' } })
    const { message, cause } = (result as { error: Error & { cause: unknown } }).error
    expect(message).toContain('相册（仅写入）')
    expect(message).toContain('用户隐私保护指引')
    expect(message).toContain('api scope is not declared in the privacy agreement')
    expect(cause).toMatchObject({ errno: 112 })
  })

  it('Douyin (errNo 10202): the message names its console', async () => {
    const { lib } = loadWithComponents('tt', { privacy: 'undeclared' })
    const result = await lib.createSaveController().save(DATA_URL)
    expect(result).toMatchObject({ ok: false, error: { code: 'PRIVACY_DENIED', cause: { errNo: 10202 } } })
    expect((result as { error: Error }).error.message).toContain('用户隐私保护协议')
  })

  it('a refused agreement (errno 104) keeps its plain message: nothing for the developer to declare', async () => {
    const { lib } = loadWithComponents('weapp', { privacy: 'refused' })
    const result = await lib.createSaveController().save(DATA_URL)
    expect(result).toMatchObject({ ok: false, error: { code: 'PRIVACY_DENIED' } })
    expect((result as { error: Error }).error.message).not.toContain('用户隐私保护指引')
  })
})
