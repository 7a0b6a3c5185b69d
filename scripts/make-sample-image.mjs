// Writes example/src/assets/sample.png: a small landscape picture (sky, sun, hills) made
// from code, so the demo has a same-origin image to download without any network.
// Run: node scripts/make-sample-image.mjs   (the PNG is committed; re-run only to change it)
import { deflateSync } from 'node:zlib'
import { writeFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const W = 600
const H = 400

const crcTable = new Int32Array(256).map((_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c
})
function crc32(buf) {
  let c = -1
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ -1) >>> 0
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type, 4, 'latin1')
  data.copy(out, 8)
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length)
  return out
}
export function encodePng(width, height, rgbAt) {
  const raw = Buffer.alloc((width * 3 + 1) * height)
  let o = 0
  for (let y = 0; y < height; y++) {
    raw[o++] = 0
    for (let x = 0; x < width; x++) {
      const [r, g, b] = rgbAt(x, y)
      raw[o++] = r
      raw[o++] = g
      raw[o++] = b
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // truecolour RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

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
