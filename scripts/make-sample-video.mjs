// Writes example/src/assets/sample.mp4: a two-second clip (64×32, 4 frames a second) of a ball
// going round a gradient, made from code (scripts/mp4.cjs), so the demo has a video to download
// and save without any network. A real H.264 file a browser plays, about 8 KB.
// Run: node scripts/make-sample-video.mjs   (the MP4 is committed; re-run only to change it)
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { encodeMp4 } from './mp4.cjs'

const W = 64
const H = 32
const FPS = 4
// The ball visits every 16×16 block once, along the top row and back along the bottom one.
const PATH = [[0, 0], [1, 0], [2, 0], [3, 0], [3, 1], [2, 1], [1, 1], [0, 1]]

const mix = (a, b, t) => a.map((v, i) => Math.round(v + (b[i] - v) * t))
const background = (x, y) => mix([255, 122, 69], [114, 46, 209], (x / W + y / H) / 2)

/** The frame with the ball in block (bx, by): a white disc with a soft edge. */
const frame = ([bx, by]) => (x, y) => {
  const d = Math.hypot(x - (bx * 16 + 7.5), y - (by * 16 + 7.5))
  return d < 6 ? [255, 255, 255] : d < 7.5 ? mix([255, 255, 255], background(x, y), (d - 6) / 1.5) : background(x, y)
}

export const makeSampleVideo = () => encodeMp4({ width: W, height: H, fps: FPS, frames: PATH.map(frame) })

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'example', 'src', 'assets', 'sample.mp4')
  mkdirSync(dirname(out), { recursive: true })
  const mp4 = makeSampleVideo()
  writeFileSync(out, mp4)
  console.log(`wrote ${out} (${mp4.length} bytes)`)
}
