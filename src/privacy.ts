// A namespace import, as in platform/weapp.ts.
import * as Taro from '@tarojs/taro'
import { platform } from './platform'
import { plain } from './platform/weapp'

/**
 * The answer the app gives a privacy API waiting on its own agreement sheet: `agree` after the
 * person tapped the `openType="agreePrivacyAuthorization"` Button whose id is `buttonId`.
 *
 * @example
 * const answer: PrivacyAnswer = { event: 'agree', buttonId: 'privacy-agree' }
 */
export type PrivacyAnswer = { event: 'agree'; buttonId: string } | { event: 'disagree' } | { event: 'exposureAuthorization' }

type Listen = (listener: (resolve: (answer: PrivacyAnswer) => void, info?: { referrer?: string }) => void) => void

// The API a save's own request for the agreement comes from (WeChat's `referrer`).
const SAVE_ASKS = 'requirePrivacyAuthorize'

// The privacy APIs where the base library has them (plain pass-throughs in Taro, on WeChat, QQ and
// Douyin alike). Never on H5, whose privacy APIs are stubs that resolve in production builds, nor
// on a target without an album API, nor on harmony-hybrid (H5's stubs again, over its bridge).
// Literal TARO_ENV: H5 builds drop them.
const mini = () => process.env.TARO_ENV !== 'h5' && process.env.TARO_ENV !== 'harmony-hybrid' && !!platform
// Read by a computed name: a build whose @tarojs/taro is an ES module without this export
// (harmony-hybrid) would refuse a static read of it.
const ON_NEED = 'onNeedPrivacyAuthorization'
const onNeed = () => (mini() ? (Taro as unknown as Record<string, Listen | undefined>)[ON_NEED] : undefined)
const privacyApi = <T>(name: string) => (mini() ? plain<T>(name) : undefined)

/**
 * Where the privacy agreement stands for the app's own agreement sheet.
 *
 * @example
 * const { pending, contractName } = privacyAuthorization.getSnapshot()
 */
export interface PrivacyState {
  /** A privacy API (a save's `requirePrivacyAuthorize`, or any other) waits for the person to agree or not: show the sheet. */
  pending: boolean
  /** The agreement's name from `getPrivacySetting` (e.g. `《示例小程序隐私保护指引》`); `''` until known. */
  contractName: string
  /** Whether the app's own sheet replaces the platform's: the base library has `onNeedPrivacyAuthorization` (WeChat ≥ 2.32.3, Douyin ≥ 3.19.0) and the listener is registered. */
  supported: boolean
}

/**
 * The app's side of the privacy agreement, without any framework: one per app, as the platform's
 * `onNeedPrivacyAuthorization` listener is. Nothing is registered until the first `subscribe()`
 * or `listen()`: until then, and on base libraries without the API, the platform shows its own
 * sheet, exactly as without this module.
 *
 * @example
 * const stop = privacyAuthorization.subscribe(() => {
 *   if (privacyAuthorization.getSnapshot().pending) showMySheet()
 * })
 * // in the agree Button's onAgreePrivacyAuthorization (openType="agreePrivacyAuthorization", id="privacy-agree"):
 * privacyAuthorization.agree('privacy-agree')
 */
export function createPrivacyAuthorization() {
  let state: PrivacyState = { pending: false, contractName: '', supported: false }
  let registered = false
  // Every privacy API waiting on this sheet: each gets the person's one answer.
  let waiting: ((answer: PrivacyAnswer) => void)[] = []
  // The saves' own requests for the agreement, oldest first, until the platform answers each: the
  // request the listener receives for it (`answer`), and whether its run stopped waiting. WeChat
  // names no caller beyond `referrer`, which an app's own requirePrivacyAuthorize shares: the
  // requests arrive in the order they were made, so each claims the next one with that referrer
  // while it has none; requests with none to claim them are the app's, and never taken back.
  const asks: { answer?: (answer: PrivacyAnswer) => void; stopped: boolean }[] = []
  const listeners = new Set<() => void>()

  const set = (patch: Partial<PrivacyState>) => {
    const next = { ...state, ...patch }
    if ((Object.keys(next) as (keyof PrivacyState)[]).every((k) => next[k] === state[k])) return
    state = next
    listeners.forEach((listener) => listener())
  }

  const answer = (a: PrivacyAnswer) => {
    waiting.splice(0).forEach((resolve) => resolve(a))
    set({ pending: false })
  }

  /**
   * While the app's sheet is registered, each save's privacy step is tracked: a run that stops
   * waiting on it (abort, unmount) answers its own request "disagree", as WeChat
   * requires an answer (the waiting call fails and the next save asks again), or the request it
   * still expects, once it arrives; every other request keeps the sheet.
   * Here rather than in the adapter, so an app without the sheet carries none of it.
   */
  function trackSaves(p: NonNullable<typeof platform>, ask: () => Promise<unknown>) {
    p.privacy = () => {
      const mine: (typeof asks)[number] = { stopped: false }
      asks.push(mine)
      const work = ask()
      const answered = () => void asks.splice(asks.indexOf(mine), 1)
      work.then(answered, answered)
      return Object.assign(work.then(), {
        abort() {
          mine.stopped = true
          const resolve = mine.answer
          if (!resolve || !waiting.includes(resolve)) return
          waiting = waiting.filter((w) => w !== resolve)
          resolve({ event: 'disagree' })
          set({ pending: waiting.length > 0 })
        },
      })
    }
  }

  const store = {
    getSnapshot: () => state,

    /** Listens for changes; the first listener registers the app's sheet with the platform. */
    subscribe(listener: () => void) {
      listeners.add(listener)
      store.listen()
      return () => void listeners.delete(listener)
    },

    /** Registers the app's sheet with the platform (once per app); returns whether the platform has it. */
    listen(): boolean {
      if (registered) return state.supported
      registered = true
      const listen = onNeed()
      listen?.((resolve, info) => {
        const mine = info && info.referrer === SAVE_ASKS ? asks.find((a) => !a.answer) : undefined
        if (mine) mine.answer = resolve
        // The request of a save that stopped waiting before it arrived: answered, never shown.
        if (mine && mine.stopped) return resolve({ event: 'disagree' })
        waiting.push(resolve)
        set({ pending: true })
        if (!state.contractName) store.refresh()
      })
      if (listen && platform!.privacy) trackSaves(platform!, platform!.privacy)
      const supported = !!listen
      set({ supported })
      if (supported) store.refresh()
      return supported
    },

    /** Reads the agreement's name again from `getPrivacySetting`; never rejects. */
    refresh(): Promise<void> {
      const read = privacyApi<{ privacyContractName?: string }>('getPrivacySetting')
      return read ? read.then((r) => set({ contractName: (r && r.privacyContractName) || '' }), () => undefined) : Promise.resolve()
    },

    /**
     * The person agreed: call it from the `onAgreePrivacyAuthorization` event of the Button with
     * `openType="agreePrivacyAuthorization"` whose id is `buttonId` (the platform checks that
     * button was tapped). The waiting save goes on.
     */
    agree: (buttonId: string) => answer({ event: 'agree', buttonId }),

    /** The person declined: the waiting save ends `denied` with `PRIVACY_DENIED`. */
    disagree: () => answer({ event: 'disagree' }),

    /** Opens the page showing the full agreement; resolves whether it opened. */
    openContract: (): Promise<boolean> => (privacyApi('openPrivacyContract') || Promise.reject()).then(() => true, () => false),
  }
  return store
}

/**
 * The app's one privacy store, behind `usePrivacyAuthorization()` and `PrivacyAgreeButton`.
 *
 * @example
 * privacyAuthorization.listen() // e.g. in app.ts, so the app's sheet is used from the first save
 */
export const privacyAuthorization = /* @__PURE__ */ createPrivacyAuthorization()

/**
 * What `createPrivacyAuthorization()` returns.
 *
 * @example
 * const store: PrivacyAuthorization = privacyAuthorization
 */
export type PrivacyAuthorization = ReturnType<typeof createPrivacyAuthorization>
