// Writes example/src/assets/sample.png: a small landscape picture (sky, sun, hills) made
// from code, so the demo has a same-origin image to download without any network.
// Run: node scripts/make-sample-image.mjs   (the PNG is committed; re-run only to change it)
import { writeFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { encodePng } from './png.cjs'

const W = 600
const H = 400

const mix = (a, b, t) => a.map((v, i) => Math.round(v + (b[i] - v) * t))
function landscape(x, y) {
  // sky: warm gradient
  let c = mix([255, 183, 120], [120, 170, 235], 1 - y / (H * 0.7))
  // sun
  const dx = x - W * 0.7
  const dy = y - H * 0.38
  const d = Math.sqrt(dx * dx + dy * dy)
  if (d < 46) c = [255, 236, 160]
  else if (d < 70) c = mix([255, 236, 160], c, (d - 46) / 24)
  // far hills
  const far = H * 0.62 + Math.sin(x / 70) * 22 + Math.sin(x / 23) * 6
  if (y > far) c = mix([96, 140, 120], [70, 110, 95], (y - far) / 80)
  // near hills
  const near = H * 0.74 + Math.sin(x / 110 + 2) * 30
  if (y > near) c = mix([58, 120, 70], [30, 80, 45], Math.min(1, (y - near) / 90))
  return c
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'example', 'src', 'assets', 'sample.png')
  mkdirSync(dirname(out), { recursive: true })
  const png = encodePng(W, H, landscape)
  writeFileSync(out, png)
  console.log(`wrote ${out} (${png.length} bytes)`)
}
