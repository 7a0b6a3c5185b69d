import { Button, Text, View } from '@tarojs/components'
import { usePrivacyAuthorization } from 'taro-save-to-album'
import { PrivacyAgreeButton } from 'taro-save-to-album/components'

/**
 * 示例自己的隐私弹窗：保存在等待用户同意隐私保护指引时出现（微信基础库 ≥ 2.32.3、抖音 ≥ 3.19.0）。
 * 同意（`#privacy-agree`，`openType="agreePrivacyAuthorization"`）后保存继续；拒绝
 * （`#privacy-disagree`）则保存以 `denied PRIVACY_DENIED` 结束。没有这些接口的地方（H5、旧基础库）
 * 它从不出现，平台照旧。
 * The demo's own privacy sheet: it shows while a save waits for the person to agree to the
 * privacy agreement; agreeing lets the save go on, disagreeing ends it `denied PRIVACY_DENIED`.
 * Keep it mounted: mounting it registers the sheet with the platform.
 *
 * @example
 * <PrivacySheet />
 */
export function PrivacySheet() {
  const { pending, contractName, disagree, openContract } = usePrivacyAuthorization()
  if (!pending) return null
  return (
    <View id='privacy-sheet' className='sheet-mask'>
      <View className='sheet'>
        <Text className='sheet-title'>隐私保护提示 Privacy</Text>
        <Text className='sheet-text'>保存到相册前，请阅读并同意</Text>
        <Text id='privacy-contract' className='sheet-link' onClick={openContract}>
          {contractName || '《隐私保护指引》'}
        </Text>
        <Text className='sheet-text'>Saving to the album needs your consent to this agreement.</Text>
        <View className='sheet-actions'>
          <Button id='privacy-disagree' className='btn' onClick={disagree}>
            拒绝 Decline
          </Button>
          <PrivacyAgreeButton id='privacy-agree' className='btn btn-primary'>
            同意 Agree
          </PrivacyAgreeButton>
        </View>
      </View>
    </View>
  )
}
