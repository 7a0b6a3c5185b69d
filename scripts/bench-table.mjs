// The one table `npm run bench` prints, as Markdown, from its results (bench/results.json).
// Every figure comes from the results given, so from one run; a part that was not measured says
// so. Ratio: ours ÷ theirs (below 1: ours is smaller, fewer or faster).
// Re-print a saved run: `node scripts/bench-table.mjs bench/results.json`.
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

const int = (n) => Math.round(n).toLocaleString('en-US')
const bytes = (n) => (n === undefined ? 'not exported' : `${int(n)} B`)
const ms = (n) => (n === null || n === undefined ? 'no download' : `${n < 10 ? n.toFixed(1) : int(n)} ms`)
/** Decimal megabytes, as the sizes are named (a 10 MB image, a 20 MB data URL). */
const mb = (n) => `${(n / 1e6).toFixed(Math.abs(n) < 1e6 ? 2 : 1)} MB`
/** ours ÷ theirs: two decimals, or two significant digits below 0.1. */
function ratio(ours, theirs) {
  if (typeof ours !== 'number' || typeof theirs !== 'number') return '—'
  if (theirs === 0) return ours === 0 ? '1.00×' : '— (theirs 0)'
  const r = ours / theirs
  return `${Math.abs(r) >= 0.1 ? r.toFixed(2) : r.toPrecision(2)}×`
}
const NAMES = { url: 'URL', dataUrl: 'data URL', localPath: 'local path', batch: 'batch' }

/** Rows of part 1: per target, the hook against useImage, the function against the seed, then the rest. */
function bundleRows(r) {
  const b = r.bundles
  if (!b) return [['1 Bundle', 'not measured', '', '', '']]
  const rows = []
  for (const t of r.targets) {
    const { useSaveToAlbum, saveToAlbum, saveAll, SaveToAlbumButton } = b.ours
    rows.push(['1 Bundle', `\`useSaveToAlbum\` alone, ${t}`, bytes(useSaveToAlbum[t]?.gzip), `taro-hooks@${b.version['taro-hooks']} \`useImage\` ${bytes(b.useImage[t].gzip)}`, ratio(useSaveToAlbum[t]?.gzip, b.useImage[t].gzip)])
    rows.push(['1 Bundle', `\`saveToAlbum\` alone, ${t}`, bytes(saveToAlbum[t]?.gzip), `seed snippet (both) ${bytes(b.seed[t].gzip)}`, ratio(saveToAlbum[t]?.gzip, b.seed[t].gzip)])
    const button = SaveToAlbumButton[t]?.from && SaveToAlbumButton[t].from !== saveAll[t]?.from ? ` (from \`${SaveToAlbumButton[t].from}\`)` : ''
    rows.push(['1 Bundle', `\`saveAll\` · \`SaveToAlbumButton\`${button} alone, ${t}`, `${bytes(saveAll[t]?.gzip)} · ${bytes(SaveToAlbumButton[t]?.gzip)}`, '—', '—'])
    // The Vue composable beside the React hook: what the binding costs over the same core.
    const vue = b.ours['useSaveToAlbum (vue)']?.[t]
    if (vue) rows.push(['1 Bundle', `\`useSaveToAlbum\` from \`${vue.from}\` alone, ${t}`, bytes(vue.gzip), `React \`useSaveToAlbum\` ${bytes(useSaveToAlbum[t]?.gzip)}`, ratio(vue.gzip, useSaveToAlbum[t]?.gzip)])
  }
  const mine = b.ours.useSaveToAlbum.weapp?.gzip
  rows.push(['1 Bundle', '`useSaveToAlbum` alone, weapp, against the budget', bytes(mine), `budget ${bytes(r.budget.bytes)}`, ratio(mine, r.budget.bytes)])
  return rows
}

function renderRows(r) {
  if (!r.renders) return [['2 Renders', 'not measured', '', '', '']]
  const cell = (x) => `${int(x.commits)} (${x.statusCommits} status, ${int(x.progressOnly)} progress)`
  return Object.keys(NAMES).map((flow) => {
    const { ours, naive } = r.renders[flow]
    const what = flow === 'url' ? `, ${int(r.renders.progressEvents)} progress events` : flow === 'batch' ? ` of ${r.renders.batchSize} URLs, ${int(r.renders.progressEvents)} events each` : ''
    return ['2 Renders', `React commits per save, ${NAMES[flow]}${what}`, cell(ours), `naive hook ${cell(naive)}`, ratio(ours.commits, naive.commits)]
  })
}

function base64Rows(r) {
  const x = r.base64
  if (!x) return [['3 Base64', 'not measured', '', '', '']]
  const what = `${mb(x.dataUrlChars)} data URL`
  return [
    ['3 Base64', `JS time (fastest of ${x.runs}), ${what} (ours: flow until writeFile)`, ms(x.ours.ms), `seed \`replace\` + \`base64ToArrayBuffer\` ${ms(x.seed.ms)}`, ratio(x.ours.ms, x.seed.ms)],
    ['3 Base64', `bytes allocated (median), ${what}`, mb(x.ours.bytes), `seed ${mb(x.seed.bytes)}`, ratio(x.ours.bytes, x.seed.bytes)],
  ]
}

function batchRows(r) {
  const x = r.batch
  if (!x) return [['4 Batch', 'not measured', '', '', '']]
  const rows = []
  for (const n of Object.keys(x).filter((k) => /^\d+$/.test(k))) {
    const { saveAll: a, sequential: s } = x[n]
    const also = `sequential \`saveToAlbum()\` ×${n}`
    rows.push(['4 Batch', `${n} images, wall time (${x.latencyMs} ms per platform answer)`, ms(a.ms), `${also} ${ms(s.ms)}`, ratio(a.ms, s.ms)])
    rows.push(['4 Batch', `${n} images, platform calls (getSetting)`, `${a.calls} (${a.perApi.getSetting ?? 0})`, `${s.calls} (${s.perApi.getSetting ?? 0})`, ratio(a.calls, s.calls)])
    rows.push(['4 Batch', `${n} images, most temp files alive at once`, String(a.peakFiles), String(s.peakFiles), ratio(a.peakFiles, s.peakFiles)])
  }
  return rows
}

function h5Rows(r) {
  const x = r.h5
  if (!x) return [['5 H5', 'not measured', '', '', '']]
  const rows = []
  const file = (s) => (s.file && !s.file.sameAsImage ? `, file ≠ image (${mb(s.file.bytes)})` : '')
  // The longest single task of every run: over 50 ms is a frame the person sees frozen.
  const longest = (s) => (s.longestTaskMs === undefined ? '' : s.longestTaskMs > 50 ? ` (longest ${ms(s.longestTaskMs)})` : ' (none over 50 ms)')
  for (const [kind, label] of [['url', `${mb(x.image.bytes)} image by URL`], ['data', `${mb(x.image.bytes)} image as a data URL`]]) {
    const ours = x.saves[`ours-${kind}`]
    for (const [who, name] of [['taro-hooks', 'taro-hooks `useImage` (Taro H5 build)'], ['taro-hooks-h5', 'taro-hooks own H5 file']]) {
      const theirs = x.saves[`${who}-${kind}`]
      rows.push(['5 H5', `${label}: main-thread long tasks`, ms(ours.longTaskMs) + longest(ours) + file(ours), `${name} ${ms(theirs.longTaskMs)}${longest(theirs)}${file(theirs)}`, ratio(ours.longTaskMs, theirs.longTaskMs)])
      rows.push(['5 H5', `${label}: click → download event`, ms(ours.toDownloadMs), `${name} ${ms(theirs.toDownloadMs)}`, ratio(ours.toDownloadMs, theirs.toDownloadMs)])
    }
  }
  return rows
}

function callRows(r) {
  const x = r.calls
  if (!x) return [['6 Calls', 'not measured', '', '', '']]
  const seq = (c) => `${c.calls.length}: ${c.calls.join(' → ') || '(none)'}${c.saved ? '' : ' (nothing saved)'}`
  const rows = []
  const FLOWS = { first: 'first save', repeat: 'repeat save', afterRefusal: 'save after a refusal', firstDataUrl: 'first save, data URL' }
  for (const family of Object.keys(x).filter((k) => k !== 'h5')) {
    for (const [flow, label] of Object.entries(FLOWS)) {
      const { ours, seed } = x[family][flow]
      rows.push(['6 Calls', `${family}, ${label}`, seq(ours), `seed ${seq(seed)}`, ratio(ours.calls.length, seed.calls.length)])
    }
  }
  if (x.h5) {
    for (const [flow, label] of [['first', 'first save'], ['repeat', 'repeat save'], ['firstData', 'first save, data URL']]) {
      rows.push(['6 Calls', `h5, ${label} (browser APIs)`, `${x.h5[flow].length}: ${x.h5[flow].join(' → ')}`, 'seed — (calls `wx`, absent in a browser)', '—'])
    }
    rows.push(['6 Calls', 'h5, save after a refusal', '— (a browser has no album permission)', '—', '—'])
  }
  return rows
}

/**
 * The table, with a header line naming when and where it was measured.
 *
 * @example
 * console.log(table(JSON.parse(readFileSync('bench/results.json', 'utf8'))))
 */
export function table(r) {
  const m = r.machine
  const head = `Measured ${r.date.slice(0, 10)} on ${m.cpu} (${m.cores} cores, ${m.memoryGB} GB), ${m.os}, Node ${m.node}${m.chromium ? `, Chromium ${m.chromium}` : ''}; taro-save-to-album ${r.package.version} at ${r.package.commit}${r.package.uncommittedSrc ? ' + uncommitted src/ changes' : ''}. Ratio = ours ÷ theirs.`
  const rows = [['Part', 'Measure', 'Ours', 'Compared with', 'Ratio'], ...bundleRows(r), ...renderRows(r), ...base64Rows(r), ...batchRows(r), ...h5Rows(r), ...callRows(r)]
  const escape = (s) => String(s).replace(/\|/g, '\\|')
  const lines = rows.map((row) => `| ${row.map(escape).join(' | ')} |`)
  lines.splice(1, 0, `|${rows[0].map(() => '---').join('|')}|`)
  return `${head}\n\n${lines.join('\n')}`
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(table(JSON.parse(readFileSync(process.argv[2] || 'bench/results.json', 'utf8'))))
}
