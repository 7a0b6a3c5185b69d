// The package's components, apart from its main entry so that importing the hook never loads
// @tarojs/components (which needs a browser or Taro's build to load at all). Their state lives in
// the main entry's modules (the controller, the privacy store): the build imports them from there.
export { SaveToAlbumButton } from './SaveToAlbumButton'
export { PrivacyAgreeButton } from './PrivacyAgreeButton'
export type { SaveToAlbumButtonProps, SaveButtonState } from './SaveToAlbumButton'
export type { PrivacyAgreeButtonProps } from './PrivacyAgreeButton'
