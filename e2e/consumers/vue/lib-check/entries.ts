// Both Vue entries imported, so their d.ts files are compiled (skipLibCheck is off here).
import { h } from 'vue'
import { useSaveToAlbum, type SaveStatus } from 'taro-save-to-album/vue'
import { SaveToAlbumButton, type SaveButtonState, type SaveToAlbumButtonProps } from 'taro-save-to-album/vue/components'

export const album = () => useSaveToAlbum({ keepFile: true })
export const idle: SaveStatus = 'idle'
export const statusOf = (state: SaveButtonState) => state.status
export const props: SaveToAlbumButtonProps = { source: 'https://cdn.example.com/a.png', onSaved: (filePath) => void filePath }
export const vnode = h(SaveToAlbumButton, { source: 'https://cdn.example.com/a.png', locale: 'en', onSaved: (filePath: string | null) => void filePath })
// @ts-expect-error: not a locale.
h(SaveToAlbumButton, { source: 'https://cdn.example.com/a.png', locale: 'fr' })
