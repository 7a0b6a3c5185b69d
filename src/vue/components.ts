// taro-save-to-album/vue/components: the Vue button, apart from taro-save-to-album/vue so that
// importing the composable never loads @tarojs/components. Its state lives in that entry's
// modules (the controller): the build imports them from there.
export { SaveToAlbumButton, type SaveToAlbumButtonComponent, type SaveToAlbumButtonProps } from './SaveToAlbumButton'
export type { SaveButtonState } from '../saveButton'
