// Writes example/src/assets/sample.png: a small landscape picture (sky, sun, hills) made
// from code, so the demo has a same-origin image to download without any network; and
// example/src/assets/grid/0.png … 8.png, the nine tiles of the demo's photo grid (a colour each,
// numbered 1 to 9, so every saved file can be told apart).
// Run: node scripts/make-sample-image.mjs   (the PNGs are committed; re-run only to change them)
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

const TILE = 96
/** 5×7 bitmaps of the digits 1–9, one string per row. */
const DIGITS = {
  1: ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
  2: ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
  3: ['11110', '00001', '00001', '01110', '00001', '00001', '11110'],
  4: ['00010', '00110', '01010', '10010', '11111', '00010', '00010'],
  5: ['11111', '10000', '11110', '00001', '00001', '10001', '01110'],
  6: ['00110', '01000', '10000', '11110', '10001', '10001', '01110'],
  7: ['11111', '00001', '00010', '00100', '01000', '01000', '01000'],
  8: ['01110', '10001', '10001', '01110', '10001', '10001', '01110'],
  9: ['01110', '10001', '10001', '01111', '00001', '00010', '01100'],
}

/** An HSL colour (h in degrees, s and l 0..1) as [r, g, b]. */
function hsl(h, s, l) {
  const k = (n) => (n + h / 30) % 12
  const a = s * Math.min(l, 1 - l)
  return [0, 8, 4].map((n) => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1)))))
}

/** Grid tile `i` (0..8): its own hue, a diagonal shade, and its number 1..9 in white. */
export function gridTile(i) {
  const bitmap = DIGITS[i + 1]
  const scale = 8
  const left = (TILE - 5 * scale) / 2
  const top = (TILE - 7 * scale) / 2
  return (x, y) => {
    const col = Math.floor((x - left) / scale)
    const row = Math.floor((y - top) / scale)
    if (bitmap[row]?.[col] === '1') return [255, 255, 255]
    return hsl(i * 40, 0.65, 0.62 - ((x + y) / (2 * TILE)) * 0.2)
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const assets = join(dirname(fileURLToPath(import.meta.url)), '..', 'example', 'src', 'assets')
  const write = (file, png) => {
    const out = join(assets, file)
    mkdirSync(dirname(out), { recursive: true })
    writeFileSync(out, png)
    console.log(`wrote ${out} (${png.length} bytes)`)
  }
  write('sample.png', encodePng(W, H, landscape))
  for (let i = 0; i < 9; i++) write(`grid/${i}.png`, encodePng(TILE, TILE, gridTile(i)))
}
