import { Button, Text, View } from '@tarojs/components'
import type { SaveToAlbum } from 'taro-save-to-album'
import { STATUS_TEXT, statusLine } from './labels'

/**
 * 最近一次操作的状态 / the latest save's status: `#status` reads `saved`, `failed HTTP_STATUS`…;
 * `#via` how a browser handed the file over; `#error` the error's message. After a refused album
 * permission, `#open-setting` calls `openSetting()` right inside the tap (nothing awaited before
 * it) and saves again once the album is on.
 *
 * @example
 * <StatusCard current={url} refused={deniedHook} via='download' />
 */
export function StatusCard({ current, refused, via }: { current: SaveToAlbum; refused?: SaveToAlbum; via: string }) {
  const privacyDeclined = current.error?.code === 'PRIVACY_DENIED'

  const openSetting = () => {
    if (!refused) return
    refused.openSetting().then((on) => {
      if (on) refused.retry()
    })
  }

  return (
    <View className='card status-card'>
      <Text className='label'>状态 Status：</Text>
      <Text id='status' className={`status status-${current.status}`}>
        {statusLine(current.status, current.error)}
      </Text>
      <Text className='status-text'>{STATUS_TEXT[current.status]}</Text>
      {current.status === 'saved' && via && (
        <Text id='via' className='status-text'>
          {via}
        </Text>
      )}
      {current.error && (
        <Text id='error' className='hint'>
          {current.error.message}
        </Text>
      )}
      {privacyDeclined && <Text className='hint'>未同意隐私保护指引：再点一次保存会再次询问。 The privacy agreement was declined; saving again asks again.</Text>}
      {refused && (
        <View className='denied'>
          <Text className='hint'>
            {refused.error?.code === 'SYSTEM_DENIED'
              ? '手机不允许本 App 访问相册：请在手机设置里允许访问照片，回来后自动重试。 The phone refuses this app its photos: allow them in the phone’s Settings.'
              : '相册权限被拒绝。请在设置页打开「保存到相册」后自动重试。'}
          </Text>
          <Button id='open-setting' className='btn btn-warn' onClick={openSetting}>
            打开设置 Open settings
          </Button>
        </View>
      )}
    </View>
  )
}
