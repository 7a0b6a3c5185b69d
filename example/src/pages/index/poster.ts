/** CSS size of the poster canvas; it is drawn at up to 2× for sharp text. */
export const POSTER_W = 300
export const POSTER_H = 200

/**
 * 在 Canvas 2d 上画一张海报（运行时绘制文字和图形）/ draws the poster at run time on a Canvas 2d
 * node (sizes in CSS pixels; the bitmap is `dpr` times larger).
 *
 * @example
 * drawPoster(node, 300, 200, 2, '12:00:00')
 */
export function drawPoster(canvas: any, width: number, height: number, dpr: number, when: string) {
  canvas.width = Math.round(width * dpr)
  canvas.height = Math.round(height * dpr)
  const ctx = canvas.getContext('2d')
  ctx.setTransform(1, 0, 0, 1, 0, 0)
  ctx.scale(dpr, dpr)

  const bg = ctx.createLinearGradient(0, 0, width, height)
  bg.addColorStop(0, '#ff7a45')
  bg.addColorStop(1, '#722ed1')
  ctx.fillStyle = bg
  ctx.fillRect(0, 0, width, height)

  ctx.fillStyle = 'rgba(255,255,255,0.18)'
  ctx.beginPath()
  ctx.arc(width - 40, 40, 70, 0, Math.PI * 2)
  ctx.fill()
  ctx.beginPath()
  ctx.arc(30, height - 10, 50, 0, Math.PI * 2)
  ctx.fill()

  ctx.fillStyle = '#ffffff'
  ctx.fillRect(20, 24, 6, 44)
  ctx.font = 'bold 24px sans-serif'
  ctx.textBaseline = 'top'
  ctx.fillText('海报 Poster', 36, 24)
  ctx.font = '14px sans-serif'
  ctx.fillText('由 Canvas 2d 运行时绘制', 36, 56)
  ctx.fillText(`taro-save-to-album · ${when}`, 20, height - 36)
}
