/**
 * Type-level checks of taro-save-to-album/vue, run by `tsc` in `npm test`: the composable's refs
 * are read-only and typed, its functions are the React hook's, and the Vue button's props and
 * events are typed. Nothing here runs; a wrong type makes the type check fail.
 */
import { h, type Ref } from 'vue'
import { useSaveToAlbum as useReactHook, type SaveActions as ReactSaveActions, type SaveToAlbum } from '../src'
import { useSaveToAlbum, type SaveActions, type SaveStatus, type SaveToAlbumError, type SaveToAlbumRefs } from '../src/vue'
import { SaveToAlbumButton, type SaveToAlbumButtonComponent } from '../src/vue/components'

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
const exactly = <A, B>(proof: Equals<A, B>) => proof

const album = useSaveToAlbum({ timeout: 30_000, keepFile: true })
exactly<typeof album.status, Readonly<Ref<SaveStatus>>>(true)
exactly<typeof album.error, Readonly<Ref<SaveToAlbumError | null>>>(true)
exactly<typeof album.progress, Readonly<Ref<number>>>(true)
exactly<typeof album.filePath, Readonly<Ref<string | null>>>(true)
exactly<typeof album.isBusy, Readonly<Ref<boolean>>>(true)
// @ts-expect-error: the refs are read-only.
album.status.value = 'saved'

// The same functions, with the same signatures and results, as the React hook's.
type Functions = 'save' | 'saveAll' | 'openSetting' | 'retry' | 'abort' | 'reset'
exactly<Pick<SaveToAlbumRefs, Functions>, Pick<ReturnType<typeof useReactHook>, Functions>>(true)
// Declared once: both extend SaveActions, one type from either entry.
exactly<SaveActions, ReactSaveActions>(true)
exactly<Pick<SaveToAlbumRefs, Functions>, SaveActions>(true)
exactly<Pick<SaveToAlbum, Functions>, SaveActions>(true)
exactly<keyof SaveActions, Functions>(true)

// Options as a plain object, a ref or a getter.
declare const keepFile: Ref<boolean>
useSaveToAlbum(() => ({ keepFile: keepFile.value }))
// @ts-expect-error: not an option.
useSaveToAlbum({ retries: 3 })

h(SaveToAlbumButton, { source: 'https://cdn.example.com/poster.png', locale: 'en', onSaved: (filePath: string | null) => void filePath, onError: (error: SaveToAlbumError) => void error.code })
h(SaveToAlbumButton, { source: [{ canvasId: 'poster' }, { video: 'https://cdn.example.com/clip.mp4' }], retryAfterSetting: false })
// @ts-expect-error: the button takes png or jpg canvases only, as the flow does.
h(SaveToAlbumButton, { source: { canvasId: 'poster', fileType: 'webp' } })
// @ts-expect-error: source is required.
h(SaveToAlbumButton, { locale: 'en' })
// Published as the hand-written constructor type, not Vue's inferred DefineComponent<…>, whose type
// arguments differ from one Vue minor to the next (3.5's do not compile on 3.3 or 3.4).
exactly<typeof SaveToAlbumButton, SaveToAlbumButtonComponent>(true)
