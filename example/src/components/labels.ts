import type { SaveStatus, SaveToAlbumError } from 'taro-save-to-album'

/** 状态的中文说明 / what each status word means. */
export const STATUS_TEXT: Record<SaveStatus, string> = {
  idle: '空闲',
  authorizing: '请求相册权限…',
  downloading: '下载中…',
  writing: '写入文件…',
  saving: '保存到相册…',
  saved: '已保存到相册',
  denied: '未获得相册权限',
  failed: '保存失败',
}

/**
 * The status as the tests read it: the word, then the error code when there is one.
 *
 * @example
 * statusLine('failed', error) // 'failed HTTP_STATUS'
 */
export const statusLine = (status: SaveStatus, error: SaveToAlbumError | null) => (error ? `${status} ${error.code}` : status)

/** A one-line summary for a card: the status in words and the error code. */
export const statusInWords = (status: SaveStatus, error: SaveToAlbumError | null) =>
  `${STATUS_TEXT[status]}${error ? `（${error.code}）` : ''}`
