/**
 * Type-level checks, run by `tsc` in `npm test`: what a user's editor accepts and completes.
 * Nothing here runs; a wrong type makes the type check fail.
 */
import { saveToAlbum, saveAll, useSaveToAlbum, type SaveResult, type SaveSource, type SaveToAlbum, type SaveErrorCode } from '../src'

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
const exactly = <A, B>(proof: Equals<A, B>) => proof

declare const result: SaveResult
if (result.ok) {
  // Named only with keepFile, which the hook's options decide at run time.
  const path: string | undefined = result.filePath
  void path
} else {
  const code: SaveErrorCode = result.error.code
  void code
}
// @ts-expect-error: filePath exists only once `ok` is narrowed to true.
void result.filePath

// Every source shape a user can pass.
const sources: SaveSource[] = [
  'https://cdn.example.com/poster.png',
  'data:image/png;base64,iVBORw0KGgo=',
  { base64: 'iVBORw0KGgo=', format: 'png' },
  { canvas: {} as object, fileType: 'jpg', quality: 0.9, destWidth: 750, destHeight: 1334 },
  { canvasId: 'poster', component: {} as object, fileType: 'png' },
  { video: 'https://cdn.example.com/clip.mp4' },
]
void sources

// @ts-expect-error: not a source shape.
void saveToAlbum({ url: 'https://cdn.example.com/poster.png' })
// @ts-expect-error: base64 must be a string.
void saveToAlbum({ base64: 42 })
// @ts-expect-error: the canvas export takes png or jpg.
void saveToAlbum({ canvasId: 'poster', fileType: 'webp' })
// @ts-expect-error: a number is no source.
void saveToAlbum(42)
// @ts-expect-error: saveAll takes a list.
void saveAll('https://cdn.example.com/poster.png')

// The hook's return type is stable: these fields, these functions, nothing else.
exactly<ReturnType<typeof useSaveToAlbum>, SaveToAlbum>(true)
exactly<
  keyof SaveToAlbum,
  'status' | 'error' | 'progress' | 'filePath' | 'isBusy' | 'save' | 'saveAll' | 'openSetting' | 'retry' | 'abort' | 'reset'
>(true)
exactly<ReturnType<SaveToAlbum['save']>, Promise<SaveResult>>(true)
exactly<ReturnType<SaveToAlbum['saveAll']>, Promise<SaveResult[]>>(true)

// A saved result names a file exactly when keepFile kept it (point 11).
export async function kept(url: string) {
  const { filePath } = await saveToAlbum(url, { keepFile: true })
  const path: string = filePath
  const plain = await saveToAlbum(url)
  // @ts-expect-error: without keepFile the package removed the file: no path to use.
  const gone: string = plain.filePath
  const [first] = await saveAll([url], { keepFile: true })
  if (first.ok) void (first.filePath satisfies string)
  return [path, gone]
}
