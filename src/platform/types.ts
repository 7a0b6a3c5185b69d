/** A platform call whose work can be stopped, like Taro's downloadFile promise. */
export type Task<T> = Promise<T> & { abort?: () => void }

/**
 * The few primitives the flow needs from a platform. Paths are the platform's own (a file under
 * USER_DATA_PATH on mini programs, a key of an in-memory blob store on H5).
 */
export interface Platform {
  /** Folder the package may write into and must clean. */
  dir(): string
  /** Makes sure the album scope is granted; rejects with the platform's result otherwise. Absent where no permission exists. */
  authorize?(): Promise<unknown>
  /** Opens the permission settings (from a tap); resolves whether the album scope is on afterwards. */
  openSetting(): Promise<boolean>
  download(url: string, path: string, onProgress: (fraction: number) => void): Task<{ statusCode?: number }>
  /** The first 12 bytes of a file. */
  head(path: string): Promise<ArrayLike<number>>
  rename(from: string, to: string): Promise<unknown>
  write(path: string, base64: string, mime: string): Promise<unknown>
  save(path: string): Promise<unknown>
  /** Removes a file; resolves whether it is gone (true also when it never existed); never rejects. */
  remove(path: string): Promise<boolean>
}
