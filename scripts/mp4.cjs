// A tiny MP4 encoder (H.264 baseline in an ISO media file), so the demo has a real, playable
// video made from code, with no dependency and no network. Every changed 16×16 macroblock is
// stored uncompressed (I_PCM) and every unchanged one is skipped (P_Skip, a copy of the previous
// frame): big for real footage, a few KB for a small animated clip.
//   const { encodeMp4 } = require('./mp4.cjs')
//   encodeMp4({ width: 64, height: 32, fps: 4, frames: [(x, y) => [r, g, b], …] }) // → Buffer

// ---------------------------------------------------------------------------------------------
// H.264 bitstream

/** Writes bits most significant first; `ue`/`se` are the Exp-Golomb codes of the H.264 syntax. */
class Bits {
  constructor() {
    this.bytes = []
    this.cur = 0
    this.n = 0
  }
  u(bits, value) {
    for (let i = bits - 1; i >= 0; i--) {
      this.cur = (this.cur << 1) | ((value >>> i) & 1)
      if (++this.n === 8) {
        this.bytes.push(this.cur)
        this.cur = 0
        this.n = 0
      }
    }
    return this
  }
  ue(value) {
    const code = value + 1
    const len = Math.floor(Math.log2(code))
    return this.u(len, 0).u(len + 1, code)
  }
  se(value) {
    return this.ue(value <= 0 ? -2 * value : 2 * value - 1)
  }
  align() {
    while (this.n) this.u(1, 0)
    return this
  }
  raw(bytes) {
    for (const b of bytes) this.u(8, b)
    return this
  }
  /** rbsp_trailing_bits: a stop bit, then zeros to the byte boundary. */
  trailing() {
    return this.u(1, 1).align()
  }
}

/** A NAL unit: its header byte, then the payload with emulation prevention bytes inserted. */
function nal(refIdc, type, rbsp) {
  const out = [(refIdc << 5) | type]
  let zeros = 0
  for (const b of rbsp) {
    if (zeros >= 2 && b <= 3) {
      out.push(3)
      zeros = 0
    }
    out.push(b)
    zeros = b === 0 ? zeros + 1 : 0
  }
  return Buffer.from(out)
}

const LEVEL = 10 // level 1.0: up to 99 macroblocks a frame

function sps(mbsWide, mbsHigh) {
  const b = new Bits()
  b.u(8, 66) // profile_idc: baseline
  b.u(8, 0xc0) // constraint_set0 (baseline) and set1 (main) compatible
  b.u(8, LEVEL)
  b.ue(0) // seq_parameter_set_id
  b.ue(0) // log2_max_frame_num_minus4: frame_num is 4 bits
  b.ue(2) // pic_order_cnt_type 2: output order is decoding order
  b.ue(1) // max_num_ref_frames
  b.u(1, 0) // gaps_in_frame_num_value_allowed_flag
  b.ue(mbsWide - 1)
  b.ue(mbsHigh - 1)
  b.u(1, 1) // frame_mbs_only_flag
  b.u(1, 1) // direct_8x8_inference_flag
  b.u(1, 0) // frame_cropping_flag
  b.u(1, 0) // vui_parameters_present_flag
  return nal(3, 7, b.trailing().bytes)
}

function pps() {
  const b = new Bits()
  b.ue(0).ue(0) // pic_parameter_set_id, seq_parameter_set_id
  b.u(1, 0) // entropy_coding_mode_flag: CAVLC
  b.u(1, 0) // bottom_field_pic_order_in_frame_present_flag
  b.ue(0) // num_slice_groups_minus1
  b.ue(0).ue(0) // num_ref_idx_l0/l1_default_active_minus1
  b.u(1, 0).u(2, 0) // weighted_pred_flag, weighted_bipred_idc
  b.se(0).se(0).se(0) // pic_init_qp_minus26, pic_init_qs_minus26, chroma_qp_index_offset
  b.u(1, 1) // deblocking_filter_control_present_flag: lets the slices turn it off
  b.u(1, 0) // constrained_intra_pred_flag
  b.u(1, 0) // redundant_pic_cnt_present_flag
  return nal(3, 8, b.trailing().bytes)
}

const I_PCM_IN_I_SLICE = 25
const I_PCM_IN_P_SLICE = 5 + 25 // P slices number their intra types after the 5 inter ones

/**
 * One frame as one slice: an IDR of I_PCM macroblocks, or a P slice where `coded[i]` macroblocks
 * are I_PCM and the others P_Skip (zero motion: every coded block is intra, so every predicted
 * motion vector is zero and a skip copies the previous frame's block).
 */
function slice(frameNum, idr, pcm, coded) {
  const b = new Bits()
  b.ue(0) // first_mb_in_slice
  b.ue(idr ? 7 : 5) // slice_type: I or P, the same for the whole picture
  b.ue(0) // pic_parameter_set_id
  b.u(4, frameNum % 16)
  if (idr) b.ue(0) // idr_pic_id
  else b.u(1, 0).u(1, 0) // num_ref_idx_active_override_flag, ref_pic_list_modification_flag_l0
  if (idr) b.u(1, 0).u(1, 0) // no_output_of_prior_pics_flag, long_term_reference_flag
  else b.u(1, 0) // adaptive_ref_pic_marking_mode_flag
  b.se(0) // slice_qp_delta
  b.ue(1) // disable_deblocking_filter_idc: off, so skipped blocks stay exact copies
  let skipped = 0
  pcm.forEach((samples, i) => {
    if (!idr && !coded[i]) return void skipped++
    if (!idr) b.ue(skipped)
    skipped = 0
    b.ue(idr ? I_PCM_IN_I_SLICE : I_PCM_IN_P_SLICE)
    b.align().raw(samples)
  })
  if (skipped) b.ue(skipped)
  return nal(3, idr ? 5 : 1, b.trailing().bytes)
}

/** BT.601 studio-range Y, Cb, Cr of an sRGB colour; kept within 1..254, as PCM samples should be. */
function yuv([r, g, b]) {
  const clamp = (v) => Math.min(254, Math.max(1, Math.round(v)))
  return [
    clamp(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255),
    clamp(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255),
    clamp(128 + (112 * r - 93.786 * g - 18.214 * b) / 255),
  ]
}

/** The I_PCM samples of every macroblock of a frame: 256 luma, then 64 Cb, then 64 Cr (4:2:0). */
function macroblocks(width, height, rgbAt) {
  const px = []
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) px.push(yuv(rgbAt(x, y)))
  const at = (x, y) => px[y * width + x]
  const blocks = []
  for (let my = 0; my < height / 16; my++) {
    for (let mx = 0; mx < width / 16; mx++) {
      const luma = []
      const cb = []
      const cr = []
      for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) luma.push(at(mx * 16 + x, my * 16 + y)[0])
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          const four = [0, 1].flatMap((dy) => [0, 1].map((dx) => at(mx * 16 + 2 * x + dx, my * 16 + 2 * y + dy)))
          cb.push(Math.round(four.reduce((s, p) => s + p[1], 0) / 4))
          cr.push(Math.round(four.reduce((s, p) => s + p[2], 0) / 4))
        }
      }
      blocks.push(Buffer.from([...luma, ...cb, ...cr]))
    }
  }
  return blocks
}

// ---------------------------------------------------------------------------------------------
// ISO base media file format (ISO/IEC 14496-12) boxes

const u32 = (n) => {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(n >>> 0)
  return b
}
const u16 = (n) => {
  const b = Buffer.alloc(2)
  b.writeUInt16BE(n)
  return b
}
const box = (type, ...parts) => {
  const body = Buffer.concat(parts)
  return Buffer.concat([u32(8 + body.length), Buffer.from(type, 'latin1'), body])
}
/** A full box: version 0 and 24 bits of flags before the body. */
const full = (type, flags, ...parts) => box(type, u32(flags), ...parts)
const zeros = (n) => Buffer.alloc(n)
const MATRIX = Buffer.concat([0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000].map(u32))

function avc1(width, height, spsNal, ppsNal) {
  const avcC = box(
    'avcC',
    Buffer.from([1, spsNal[1], spsNal[2], spsNal[3], 0xff, 0xe1]), // version, profile, compatibility, level, 4-byte lengths, 1 SPS
    u16(spsNal.length),
    spsNal,
    Buffer.from([1]),
    u16(ppsNal.length),
    ppsNal,
  )
  return box(
    'avc1',
    zeros(6),
    u16(1), // data_reference_index
    zeros(16),
    u16(width),
    u16(height),
    u32(0x480000), // 72 dpi
    u32(0x480000),
    zeros(4),
    u16(1), // frame_count
    zeros(32), // compressorname
    u16(0x18), // depth
    Buffer.from([0xff, 0xff]), // pre_defined = -1
    avcC,
  )
}

function moov({ width, height, timescale, delta, sizes, mdatDataAt, spsNal, ppsNal }) {
  const duration = delta * sizes.length
  const stbl = box(
    'stbl',
    full('stsd', 0, u32(1), avc1(width, height, spsNal, ppsNal)),
    full('stts', 0, u32(1), u32(sizes.length), u32(delta)),
    full('stss', 0, u32(1), u32(1)), // only the first frame is a key frame
    full('stsc', 0, u32(1), u32(1), u32(sizes.length), u32(1)), // one chunk holds every sample
    full('stsz', 0, u32(0), u32(sizes.length), ...sizes.map(u32)),
    full('stco', 0, u32(1), u32(mdatDataAt)),
  )
  const minf = box('minf', full('vmhd', 1, zeros(8)), box('dinf', full('dref', 0, u32(1), full('url ', 1))), stbl)
  const mdia = box(
    'mdia',
    full('mdhd', 0, u32(0), u32(0), u32(timescale), u32(duration), u16(0x55c4) /* und */, u16(0)),
    full('hdlr', 0, u32(0), Buffer.from('vide'), zeros(12), Buffer.from('VideoHandler\0')),
    minf,
  )
  const tkhd = full('tkhd', 3, u32(0), u32(0), u32(1), u32(0), u32(duration), zeros(8), u16(0), u16(0), u16(0), u16(0), MATRIX, u32(width << 16), u32(height << 16))
  const mvhd = full('mvhd', 0, u32(0), u32(0), u32(timescale), u32(duration), u32(0x10000), u16(0x100), zeros(10), MATRIX, zeros(24), u32(2))
  return box('moov', mvhd, box('trak', tkhd, mdia))
}

/**
 * Encodes frames (each a function of x, y returning [r, g, b] 0..255) as an MP4 file: H.264
 * baseline, level 1.0, `fps` frames a second, the index (`moov`) before the data so a browser can
 * start playing at once. Width and height must be multiples of 16 and at most 99 macroblocks.
 */
function encodeMp4({ width, height, fps, frames }) {
  if (width % 16 || height % 16) throw new Error('encodeMp4: width and height must be multiples of 16')
  if ((width / 16) * (height / 16) > 99) throw new Error('encodeMp4: more than 99 macroblocks is over level 1.0')
  const spsNal = sps(width / 16, height / 16)
  const ppsNal = pps()
  let previous
  const samples = frames.map((rgbAt, i) => {
    const pcm = macroblocks(width, height, rgbAt)
    const coded = pcm.map((block, k) => !previous || !block.equals(previous[k]))
    previous = pcm
    const unit = slice(i, i === 0, pcm, coded)
    return Buffer.concat([u32(unit.length), unit])
  })
  const timescale = 1000
  const delta = Math.round(timescale / fps)
  const ftyp = box('ftyp', Buffer.from('isom'), u32(0x200), Buffer.from('isomiso2avc1mp41'))
  const sizes = samples.map((s) => s.length)
  // moov's size does not depend on the offset it records: measure it once, then write it for real.
  const probe = moov({ width, height, timescale, delta, sizes, mdatDataAt: 0, spsNal, ppsNal })
  const index = moov({ width, height, timescale, delta, sizes, mdatDataAt: ftyp.length + probe.length + 8, spsNal, ppsNal })
  return Buffer.concat([ftyp, index, box('mdat', ...samples)])
}

module.exports = { encodeMp4 }
