import { useState } from 'react'
import { Text } from '@tarojs/components'
import type { SaveToAlbumError } from 'taro-save-to-album'
import { SaveToAlbumButton } from 'taro-save-to-album/components'
import { Card } from './Card'

const ended = (e: SaveToAlbumError) => `${/^(AUTH|PRIVACY)_DENIED$/.test(e.code) ? 'denied' : 'failed'} ${e.code}`

/**
 * ⑤ `SaveToAlbumButton`：点一下就保存；被拒绝后它自己变成「去设置」按钮
 * （`openType="openSetting"`，它和它的父节点都没有 onClick），打开权限回来后立即再存一次。
 * The package's button: a tap saves; after a refusal it becomes the settings button itself, and
 * saves as soon as the person comes back with the album turned on. `#album-status` shows how the
 * last save ended.
 *
 * @example
 * <AlbumButtonCard src='https://cdn.example.com/a.png' />
 */
export function AlbumButtonCard({ src }: { src: string }) {
  const [outcome, setOutcome] = useState('idle')
  return (
    <Card title='⑤ 一键恢复 SaveToAlbumButton' desc='拒绝后变成「去设置」按钮，打开权限后自动保存 / after a refusal it opens the settings'>
      <SaveToAlbumButton
        id='album-button'
        className='btn btn-primary'
        source={src}
        onSaved={() => setOutcome('saved')}
        onError={(e) => setOutcome(ended(e))}
      />
      <Text id='album-status' className='line'>
        {outcome}
      </Text>
    </Card>
  )
}
