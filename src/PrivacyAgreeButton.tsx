import { Button, type ButtonProps } from '@tarojs/components'
import { privacyAuthorization } from './privacy'

/**
 * Props of `PrivacyAgreeButton`: any `Button` prop but its open type, and the language of the default label.
 *
 * @example
 * const props: PrivacyAgreeButtonProps = { id: 'agree', type: 'primary', locale: 'en' }
 */
export interface PrivacyAgreeButtonProps extends Omit<ButtonProps, 'openType'> {
  /** Language of the default label (`同意并继续` / `Agree and continue`). Default `zh`. */
  locale?: 'zh' | 'en'
}

/**
 * The agree button of the app's privacy sheet: a `Button` with
 * `openType="agreePrivacyAuthorization"`; once the platform reports the tap, the waiting save goes
 * on. Its `id` (default `privacy-agree`) is the `buttonId` the platform checks. Every other
 * `Button` prop passes through.
 *
 * @example
 * <PrivacyAgreeButton type='primary'>同意并继续</PrivacyAgreeButton>
 */
export function PrivacyAgreeButton({ id = 'privacy-agree', onAgreePrivacyAuthorization, children, locale, ...props }: PrivacyAgreeButtonProps) {
  return (
    <Button
      {...props}
      id={id}
      openType='agreePrivacyAuthorization'
      onAgreePrivacyAuthorization={(e) => {
        privacyAuthorization.agree(id)
        onAgreePrivacyAuthorization?.(e)
      }}
    >
      {children ?? (locale === 'en' ? 'Agree and continue' : '同意并继续')}
    </Button>
  )
}
