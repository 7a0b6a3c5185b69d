// The H5 bench page (part 5 of `npm run bench`): one React root with our hook and taro-hooks'
// useImage side by side, each behind its own buttons, so a real click starts each save. What the
// page measures (long tasks, platform calls) is read by scripts/bench-h5.mjs.
import { createRoot } from 'react-dom/client'
import useImage from 'taro-hooks/es/useImage/index.js'
// taro-hooks' H5 file, which a default Taro build never picks (it resolves no platform suffix in
// node_modules); measured too, as what taro-hooks meant its H5 save to be.
import { saveImageToPhotosAlbum as taroHooksH5Save } from 'taro-hooks/es/useImage/utils/index.h5.js'
import { useSaveToAlbum } from 'taro-save-to-album'

const w = window
w.__longtasks = []
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) w.__longtasks.push({ startTime: e.startTime, duration: e.duration })
}).observe({ type: 'longtask', buffered: true })

/** What each button saves: the served image, or the data URL the page made of it beforehand. */
const source = (kind) => (kind === 'url' ? w.__imageUrl : w.__dataUrl)

function Bench() {
  const ours = useSaveToAlbum({ maxBytes: 64 * 1024 * 1024 })
  const [, image] = useImage()
  const ways = {
    ours: (src) => ours.save(src),
    'taro-hooks': (src) => image.save(src),
    'taro-hooks-h5': (src) => taroHooksH5Save({ filePath: src }),
  }
  return (
    <div>
      {Object.entries(ways).flatMap(([who, save]) =>
        ['url', 'data'].map((kind) => (
          <button
            key={`${who}-${kind}`}
            id={`${who}-${kind}`}
            style={{ display: 'block', width: 300, height: 40 }}
            onClick={() => {
              w.__started = performance.now()
              w.__result = undefined
              Promise.resolve(save(source(kind))).then(
                (r) => (w.__result = { ok: true, value: JSON.stringify(r ?? null).slice(0, 200) }),
                (e) => (w.__result = { ok: false, value: String(e?.code || e?.errMsg || e) }),
              )
            }}
          >
            {who} {kind}
          </button>
        )),
      )}
      <div id='status'>{ours.status}</div>
    </div>
  )
}

createRoot(document.getElementById('root')).render(<Bench />)
w.__ready = true
