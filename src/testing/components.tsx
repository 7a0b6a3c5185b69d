/**
 * The stand-in for `@tarojs/components` in jsdom (Taro's own components do not load there): plain
 * elements, and a `Button` whose open types reach the simulated phone as a device's do. The
 * setups put it in place of `@tarojs/components`.
 */
import { createElement, type ReactNode } from 'react'

/** The simulated phone of the moment (src/testing/index.ts keeps it on globalThis). */
const runtimeNow = (): Record<string, any> => (globalThis as { __taroSaveToAlbumSimulation?: { runtime: Record<string, any> } }).__taroSaveToAlbumSimulation!.runtime

type Props = { children?: ReactNode; [prop: string]: any }

/** Props of the stand-in that are Taro's, not the DOM's. */
const TARO_ONLY = ['openType', 'onOpenSetting', 'onAgreePrivacyAuthorization', 'loading', 'type', 'size', 'plain', 'hoverClass', 'formType']

function dom(props: Props) {
  return Object.fromEntries(Object.entries(props).filter(([key]) => !TARO_ONLY.includes(key) && key !== 'children'))
}

/**
 * A Taro `Button`: a `<button>` whose tap runs `onClick` inside a tap gesture; `openType="openSetting"`
 * opens the simulated settings page and reports `onOpenSetting` once the person leaves it (not
 * with an `onClick` on it, as on a device); `openType="agreePrivacyAuthorization"` counts the
 * agreement and reports `onAgreePrivacyAuthorization`.
 *
 * @example
 * render(<Button openType='openSetting' onOpenSetting={(e) => console.log(e.detail.authSetting)}>设置</Button>)
 */
export function Button(props: Props) {
  const { openType, onClick, onOpenSetting, onAgreePrivacyAuthorization, loading, disabled, id } = props
  const press = (event: unknown) => {
    if (disabled) return
    const sim = runtimeNow()
    sim.tap(() => onClick?.(event))
    if (openType === 'openSetting' && sim.openSettingsPage) {
      sim.openSettingsPage((authSetting: Record<string, boolean>) => onClick || onOpenSetting?.({ detail: { errMsg: 'openSetting:ok', authSetting } }))
    } else if (openType === 'agreePrivacyAuthorization' && sim.agreeTap) {
      sim.agreeTap(id)
      setTimeout(() => onAgreePrivacyAuthorization?.({ detail: { errMsg: 'agreePrivacyAuthorization:ok' } }), 1)
    }
  }
  return createElement('button', { ...dom(props), type: 'button', 'data-open-type': openType, 'aria-busy': loading || undefined, onClick: press }, props.children)
}

/**
 * Taro's `View`: a `<div>`.
 *
 * @example
 * render(<View className='poster'>…</View>)
 */
export const View = (props: Props) => createElement('div', dom(props), props.children)

/**
 * Taro's `Text`: a `<span>`.
 *
 * @example
 * render(<Text>已保存</Text>)
 */
export const Text = (props: Props) => createElement('span', dom(props), props.children)

/**
 * Taro's `Image`: an `<img>`.
 *
 * @example
 * render(<Image src={url} />)
 */
export const Image = (props: Props) => createElement('img', dom(props))
