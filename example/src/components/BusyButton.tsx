import type { PropsWithChildren } from 'react'
import { Button } from '@tarojs/components'

/**
 * 主按钮：忙时转圈并禁用 / the primary button, spinning and disabled while its save runs.
 *
 * @example
 * <BusyButton id='save-url' busy={url.isBusy} onClick={saveUrl}>保存</BusyButton>
 */
export function BusyButton({ id, busy, onClick, children }: PropsWithChildren<{ id: string; busy: boolean; onClick: () => void }>) {
  return (
    <Button
      id={id}
      className='btn btn-primary'
      // 只在忙时传 true：H5 上 disabled={false} 也会带上 disabled 属性
      // true only while busy: on H5 even disabled={false} renders a disabled attribute
      loading={busy || undefined}
      disabled={busy || undefined}
      onClick={onClick}
    >
      {children}
    </Button>
  )
}
