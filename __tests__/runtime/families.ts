/**
 * The platform families of the fault matrix (`faults.test.tsx`): for each, the exact calls a
 * clean save of each source kind makes (and a batch), its failures in its own words, the calls
 * that wait on a person, and how a canvas is passed there.
 */
import type { Platform } from './setup'
import type { Fault } from './engine'
import * as wx from './wx'
import * as swan from './swan'
import * as tt from './tt'
import * as my from './my'
import * as harmony from './harmony'

/** What is saved: a server image, a data URL, a local file, a canvas, a server video. */
export type Kind = 'url' | 'base64' | 'local' | 'canvas' | 'video'
export const KINDS: Kind[] = ['url', 'base64', 'local', 'canvas', 'video']
export type Labelled = [string, Fault][]

/**
 * A family: its calls per source when nothing goes wrong (in order), its failures in its own
 * words, the calls that wait on a person (never cut off by `timeout`), and whether the scope is
 * granted beforehand: where the save itself shows the dialog (tt, Alipay), a save that waits on
 * a person cannot be timed, so the faults are tried on a save that does not ask. `canvas`: the
 * form its canvas takes (Baidu has no `Canvas type="2d"` node, so an id there). `own`: the calls
 * a canvas or a video makes that the image flows do not (or make on another path).
 *
 * @example
 * for (const family of FAMILIES) loadPlatform(family.target)
 */
export interface Family {
  target: Platform | 'harmony-hybrid'
  steps: Record<Kind | 'batch', string[]>
  faults(name: string): Labelled
  person: string[]
  granted?: boolean
  canvas: 'node' | 'id'
  own: Record<'canvas' | 'video', string[]>
  /** Files the package wrote stay behind, since the platform has no way to remove them (harmony-hybrid). */
  keeps?: boolean
}

const misbehaviours: Labelled = [
  ['throws', 'throw'],
  ['never answers', 'silent'],
  ['answers twice', 'twice'],
]

/** The WeChat-shaped flows (weapp, swan): getSetting, authorize, then the source's own calls. */
const wechatSteps = (save = ['getSetting', 'authorize']) => ({
  // Downloaded under the name its URL gives (poster.png): the bytes agree, no rename.
  url: [...save, 'downloadFile', 'fs.readFile', 'saveImageToPhotosAlbum', 'fs.unlink'],
  base64: [...save, 'fs.writeFile', 'saveImageToPhotosAlbum', 'fs.unlink'],
  local: [...save, 'saveImageToPhotosAlbum'],
  // The export is a temporary file of the platform's: nothing of the package's to remove.
  canvas: [...save, 'canvasToTempFilePath', 'saveImageToPhotosAlbum'],
  // Served without a Content-Length: its size is read after the download.
  video: [...save, 'downloadFile', 'fs.readFile', 'fs.stat', 'saveVideoToPhotosAlbum', 'fs.unlink'],
})

/**
 * The batch of every family: a server image, a data URL and a local file, in that order. Two
 * downloads (or writes) may overlap, so only the set of calls is fixed, not their order.
 */
const batchSteps = (...flows: string[][]) => [...new Set(flows.flat())]

export const FAMILIES: Family[] = [
  {
    target: 'weapp',
    steps: { ...wechatSteps(), batch: [] },
    faults: (name) => [
      ...(Object.keys(wx.DENIALS) as wx.Device[]).map((d): [string, Fault] => [`denial (${d})`, { fail: wx.DENIALS[d](name) }]),
      ['denial (phone)', { fail: wx.PHONE_DENIALS.android(name) }],
      ['privacy refused', { fail: `${name}:fail privacy permission is not authorized`, errno: 104 }],
      ['privacy undeclared', { fail: `${name}:fail api scope is not declared in the privacy agreement`, errno: 112 }],
      ['cancel', { fail: `${name}:fail cancel` }],
      ['system error', { fail: `${name}:fail system error` }],
      ['storage full', { fail: `${name}:fail the maximum size of the file storage limit is exceeded`, errno: 1300202 }],
      ...misbehaviours,
    ],
    person: ['authorize'],
    canvas: 'node',
    own: { canvas: ['canvasToTempFilePath'], video: ['fs.stat', 'saveVideoToPhotosAlbum'] },
  },
  {
    target: 'swan',
    steps: { ...wechatSteps(), batch: [] },
    faults: (name) => [
      ['denial (devtools)', swan.DENIALS.devtools(name)],
      ['denial (phone)', swan.DENIALS.phone(name)],
      ['privacy refused', swan.PRIVACY.refused(name)],
      ['privacy undeclared', swan.PRIVACY.undeclared(name)],
      ['cancel', { fail: `${name}:fail cancel` }],
      ['system error', { fail: `${name}:fail system error` }],
      ['storage full', swan.QUOTA(name)],
      ...misbehaviours,
    ],
    person: ['authorize'],
    canvas: 'id',
    own: { canvas: ['canvasToTempFilePath'], video: ['fs.stat', 'saveVideoToPhotosAlbum'] },
  },
  {
    target: 'tt',
    steps: {
      // The download has no image extension in ttfile://temp, so it is copied into the user folder
      // (under the name the URL gives, the one file to remove).
      url: ['requirePrivacyAuthorize', 'getSetting', 'downloadFile', 'fs.readFile', 'fs.copyFile', 'saveImageToPhotosAlbum', 'fs.unlink'],
      base64: ['requirePrivacyAuthorize', 'getSetting', 'fs.writeFile', 'saveImageToPhotosAlbum', 'fs.unlink'],
      local: ['requirePrivacyAuthorize', 'getSetting', 'saveImageToPhotosAlbum'],
      // A Canvas type="2d" node: its data URL written into the user folder, then removed.
      canvas: ['requirePrivacyAuthorize', 'getSetting', 'fs.writeFile', 'saveImageToPhotosAlbum', 'fs.unlink'],
      // Served as video/mp4, it lands in ttfile://temp as .mp4 and is saved from there.
      video: ['requirePrivacyAuthorize', 'getSetting', 'downloadFile', 'fs.readFile', 'fs.stat', 'saveVideoToPhotosAlbum', 'fs.unlink'],
      batch: [],
    },
    faults: (name) => [
      ['denial (person)', tt.DENIALS.user(name)],
      ['denial (phone)', tt.DENIALS.system(name)],
      ['privacy refused', tt.PRIVACY.refused(name)],
      ['privacy undeclared', tt.PRIVACY.undeclared(name)],
      ['cancel', { fail: `${name}:fail cancel` }],
      ['system error', { fail: `${name}:fail internal error`, errno: 999993 }],
      ['storage full', tt.QUOTA(name)],
      ...misbehaviours,
    ],
    person: ['requirePrivacyAuthorize'],
    granted: true,
    canvas: 'node',
    own: { canvas: ['fs.writeFile'], video: ['fs.stat', 'saveVideoToPhotosAlbum'] },
  },
  {
    target: 'alipay',
    steps: {
      ...wechatSteps(['getSetting']),
      // readFile reads only whole files on Alipay: an image's type comes from getImageInfo.
      url: ['getSetting', 'downloadFile', 'getImageInfo', 'saveImageToPhotosAlbum', 'fs.unlink'],
      // A video is read whole once its size is known to be within the cap; no progress events on
      // Alipay, so its size is read again after (the maxBytes check).
      video: ['getSetting', 'downloadFile', 'fs.stat', 'fs.readFile', 'fs.stat', 'saveVideoToPhotosAlbum', 'fs.unlink'],
      batch: [],
    },
    faults: () => [
      ['refused now (2003)', my.DENIALS.now()],
      ['refused earlier (2002)', my.DENIALS.earlier()],
      ['refused once (2001)', my.DENIALS.once()],
      ['album permission off (15)', my.DENIALS.system()],
      ['cancel (11)', my.CANCEL()],
      ['album full (16)', my.ALBUM_FULL()],
      ['other album error (17)', { fail: '保存图片过程中的其他错误', errno: 17 }],
      ['unknown error (3)', { fail: '未知错误', errno: 3 }],
      ['storage full (10028)', my.QUOTA()],
      ...misbehaviours,
    ],
    person: [],
    granted: true,
    canvas: 'node',
    own: { canvas: ['canvasToTempFilePath'], video: ['fs.stat', 'saveVideoToPhotosAlbum'] },
  },
  {
    // The save shows the dialog when the scope was never asked; each file is written by
    // downloadFile (an XHR in the WebView, not a platform call, then saveDataUrlToFile).
    target: 'harmony-hybrid',
    steps: {
      url: ['getSetting', 'saveDataUrlToFile', 'fs.readFile', 'saveImageToPhotosAlbum'],
      base64: ['getSetting', 'saveDataUrlToFile', 'saveImageToPhotosAlbum'],
      local: ['getSetting', 'saveImageToPhotosAlbum'],
      canvas: ['getSetting', 'saveDataUrlToFile', 'saveImageToPhotosAlbum'],
      // No Content-Length: the size comes from native getFileInfo (the file manager's stat never answers here).
      video: ['getSetting', 'saveDataUrlToFile', 'fs.readFile', 'getFileInfo', 'saveVideoToPhotosAlbum'],
      batch: [],
    },
    faults: () => [
      ['denial', harmony.DENIAL],
      ['cancel', { fail: 'cancel' }],
      ['system error', { fail: 'internal error' }],
      ['storage full', { fail: 'the maximum size of the file storage limit is exceeded' }],
      ...misbehaviours,
    ],
    person: [],
    granted: true,
    canvas: 'node',
    own: { canvas: [], video: ['getFileInfo', 'saveVideoToPhotosAlbum'] },
    keeps: true,
  },
]
for (const family of FAMILIES) {
  const { url, base64, local } = family.steps
  family.steps.batch = batchSteps(url, base64, local)
}

/**
 * The faults `api` meets in a run of `kind`. The image kinds meet every fault on every call; a
 * canvas or a video meets every fault on its own calls (`own`: the export, tt's node write, the
 * size check, the video save), but on the calls it shares with the image flows, which meet every
 * fault there already, only the first wording (a refusal) and the three misbehaviours: a sample,
 * to keep the suite's time in bounds.
 *
 * @example
 * faultsFor(FAMILIES[0], 'video', 'downloadFile').map(([label]) => label) // ['denial (devtools)', 'throws', 'never answers', 'answers twice']
 */
export function faultsFor(family: Family, kind: Kind, api: string): Labelled {
  const all = family.faults(api.replace(/^fs\./, ''))
  if (kind !== 'canvas' && kind !== 'video') return all
  if (family.own[kind].includes(api)) return all
  return all.filter(([label], i) => i === 0 || misbehaviours.some(([m]) => m === label))
}

/**
 * The faults a batch meets on each of its calls, a subset to keep the suite's time in bounds: a
 * refusal, a cancelled sheet, an error of the platform's own, and the three misbehaviours.
 *
 * @example
 * forBatch(family.faults('saveImageToPhotosAlbum')).length // 6
 */
export const forBatch = (faults: Labelled): Labelled => {
  const pick = (words: RegExp) => faults.find(([label]) => words.test(label))!
  return [pick(/^denial|^refused now/), pick(/^cancel/), pick(/system error|unknown error/), ...misbehaviours]
}
