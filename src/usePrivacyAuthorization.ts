import { useMemo, useSyncExternalStore } from 'react'
import { privacyAuthorization, type PrivacyState } from './privacy'

/**
 * What `usePrivacyAuthorization()` returns.
 *
 * @example
 * const { pending, contractName, agree, disagree, openContract } = usePrivacyAuthorization()
 */
export interface PrivacyAuthorizationHook extends PrivacyState {
  /** Call from the agree Button's `onAgreePrivacyAuthorization` (or use `PrivacyAgreeButton`). */
  agree(buttonId: string): void
  /** The waiting save ends `denied` with `PRIVACY_DENIED`. */
  disagree(): void
  /** Opens the full agreement; resolves whether it opened. */
  openContract(): Promise<boolean>
}

/**
 * Shows the app's own privacy sheet instead of the platform's: `pending` turns true while a save
 * (or any privacy API) waits for the person to agree to the agreement named `contractName`.
 * Mounting it registers the app's sheet (once per app) where the base library has it (WeChat
 * ≥ 2.32.3, Douyin ≥ 3.19.0); elsewhere `pending` never turns true and the platform behaves as
 * without it. Keep it mounted wherever a save can start.
 *
 * @example
 * import { PrivacyAgreeButton } from 'taro-save-to-album/components'
 *
 * function PrivacySheet() {
 *   const { pending, contractName, disagree, openContract } = usePrivacyAuthorization()
 *   if (!pending) return null
 *   return (
 *     <View>
 *       <Text onClick={openContract}>{contractName}</Text>
 *       <Button id='privacy-disagree' onClick={disagree}>拒绝</Button>
 *       <PrivacyAgreeButton>同意</PrivacyAgreeButton>
 *     </View>
 *   )
 * }
 */
export function usePrivacyAuthorization(): PrivacyAuthorizationHook {
  const { subscribe, getSnapshot, agree, disagree, openContract } = privacyAuthorization
  const state = useSyncExternalStore(subscribe, getSnapshot, getSnapshot)
  return useMemo(() => ({ ...state, agree, disagree, openContract }), [state, agree, disagree, openContract])
}
