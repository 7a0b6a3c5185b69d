import { SaveToAlbumError } from '../../errors'
import type { Task } from '../types'
import { nextTask } from './files'

/**
 * Downloads `url` with `fetch` into the blob store at `path`: progress read from the body stream
 * against Content-Length, aborted through an AbortController; a cross-origin failure says to use
 * CORS. A failed status is handed back for the flow to refuse, its body not read.
 *
 * @example
 * const task = fetchInto(new Map(), 'https://cdn.example.com/a.png', 'h5:/a', (n, of) => console.log(n, of))
 * task.abort?.()
 */
export function fetchInto(files: Map<string, Blob>, url: string, path: string, onProgress: (written: number, expected: number) => void): Task<{ statusCode?: number; filePath: string }> {
  const ctl = new AbortController()
  const task = (async () => {
    let res: Response
    try {
      res = await fetch(url, { signal: ctl.signal })
    } catch (e) {
      throw fetchFailed(url, e)
    }
    if (!res.ok) {
      // The flow refuses it by its status; the body is not needed.
      if (res.body) res.body.cancel().catch(() => undefined)
      return { statusCode: res.status, filePath: path }
    }
    files.set(path, await readBody(url, res, onProgress))
    return { statusCode: res.status, filePath: path }
  })()
  return Object.assign(task, { abort: () => ctl.abort() })
}

/** What a rejected fetch, or a body that broke off (`brokeOff`, development only), means: an abort, or a network failure. */
function fetchFailed(url: string, e: unknown, brokeOff?: string | false): SaveToAlbumError {
  if (e && (e as Error).name === 'AbortError') return new SaveToAlbumError('ABORTED', __DEV__ && 'The download was aborted', e)
  return new SaveToAlbumError('DOWNLOAD_FAILED', __DEV__ && (brokeOff || `Could not download ${url} (${(e as Error)?.message || e}): ${whyFetchFailed(url)}`), e)
}

/** Why a fetch most likely failed: across origins, most often CORS (development builds only). */
function whyFetchFailed(url: string) {
  const page = location
  const target = new URL(url, page.href)
  let why = 'the network failed (offline, or the server closed the connection)'
  if (page.protocol === 'https:' && target.protocol === 'http:') {
    why = 'an https page may not load http content (mixed content): serve the image over https'
  } else if (target.origin !== page.origin) {
    why =
      `the image is on another origin (${target.origin}) than the page (${page.origin}), so the browser lets the page read it ` +
      `only if the server allows it with CORS: serve the image with the header "Access-Control-Allow-Origin: ${page.origin}" ` +
      '(or "*"), or serve it from the page\'s own origin (a proxy path); if it does, check the host is reachable'
  }
  return why
}

/**
 * Reads a response body chunk by chunk, reporting bytes against Content-Length (`0` while
 * unknown: no header, or a compressed body that outgrew it).
 */
async function readBody(url: string, res: Response, onProgress: (written: number, expected: number) => void): Promise<Blob> {
  const expected = Number(res.headers.get('content-length')) || 0
  const type = res.headers.get('content-type') || ''
  if (!res.body) {
    const blob = new Blob([await res.arrayBuffer()], { type })
    onProgress(blob.size, blob.size)
    return blob
  }
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let written = 0
  onProgress(0, expected)
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      written += value.byteLength
      onProgress(written, written > expected ? 0 : expected)
    }
  } catch (e) {
    throw fetchFailed(url, e, __DEV__ && `The download of ${url} broke off after ${written}${expected ? ` of ${expected}` : ''} bytes (${(e as Error)?.message || e})`)
  }
  // A task of its own: Chromium hands a body that arrived whole to the stream in one task (~20 ms
  // for 10 MB), and the copy into one Blob in the same task made it a long one.
  await nextTask()
  return new Blob(chunks as BlobPart[], { type })
}
