import { useCallback, useRef, useState } from 'react'
import { Canvas, Text, View } from '@tarojs/components'
import Taro, { useReady } from '@tarojs/taro'
import type { SaveResult, SaveSource, SaveToAlbum } from 'taro-save-to-album'
import { drawPoster, POSTER_H, POSTER_W } from '../pages/index/poster'
import { BusyButton } from './BusyButton'
import { Card } from './Card'
import { statusInWords } from './labels'

type Drawn = { node: any; width: number; height: number; dpr: number }

/**
 * ② Canvas 海报：运行时画在 `Canvas type="2d"` 上，两种保存方式 / a poster drawn at run time on a
 * Canvas 2d, saved two ways:
 * - `#save-canvas`: `toDataURL()` → base64 → writeFile → album (`sourceFor` may pick another
 *   source: the e2e hook `?canvas=node|id`);
 * - `#save-canvas-node`: the node itself, `save({ canvas: node, fileType: 'png' })` →
 *   canvasToTempFilePath → album, no base64 at all.
 *
 * @example
 * <PosterCard hook={poster} onStart={() => setLast('poster')} onDone={(r) => console.log(r.ok)} />
 */
export function PosterCard(props: { hook: SaveToAlbum; onStart: () => void; onDone: (r: SaveResult) => void; pick?: 'node' | 'id' | null }) {
  const { hook, onStart, onDone, pick } = props
  const canvas = useRef<Drawn | null>(null)
  const [drawnAt, setDrawnAt] = useState('')

  // 重画：导出前调用，内容总是最新的 / redraw, right before every export
  const draw = useCallback(() => {
    const c = canvas.current
    if (!c) return null
    const when = new Date().toLocaleTimeString('zh-CN', { hour12: false })
    drawPoster(c.node, c.width, c.height, c.dpr, when)
    setDrawnAt(when)
    return c.node
  }, [])

  // 用 createSelectorQuery 取得 Canvas 2d 节点 / find the Canvas 2d node
  useReady(() => {
    const query = (tries: number) => {
      Taro.createSelectorQuery()
        .select('#poster')
        .fields({ node: true, size: true })
        .exec((res) => {
          const r = res && res[0]
          if (!r || !r.node) {
            // H5 的 Canvas 是 Web Component，首次渲染可能稍晚 / H5's web component may render late
            if (tries > 0) setTimeout(() => query(tries - 1), 50)
            return
          }
          const info = Taro.getWindowInfo ? Taro.getWindowInfo() : Taro.getSystemInfoSync()
          const dpr = Math.min(info.pixelRatio || 1, 2)
          canvas.current = { node: r.node, width: r.width || POSTER_W, height: r.height || POSTER_H, dpr }
          draw()
        })
    }
    query(40)
  })

  const save = (source: (node: any) => SaveSource) => {
    onStart()
    const node = draw()
    if (!node) {
      Taro.showToast({ title: '海报还没画好', icon: 'none' })
      return
    }
    hook.save(source(node)).then(onDone)
  }

  return (
    <Card title='② Canvas 海报 Canvas poster' desc='Canvas 2d → toDataURL → writeFile，或 { canvas } → canvasToTempFilePath'>
      <Canvas id='poster' type='2d' className='poster' style={{ width: `${POSTER_W}px`, height: `${POSTER_H}px` }} />
      <Text className='line'>
        {drawnAt ? `绘制于 ${drawnAt}` : '绘制中…'} · {statusInWords(hook.status, hook.error)}
      </Text>
      <View className='buttons'>
        <BusyButton
          id='save-canvas'
          busy={hook.isBusy}
          onClick={() => save((node) => (pick === 'node' ? { canvas: node } : pick === 'id' ? { canvasId: 'poster' } : node.toDataURL('image/png')))}
        >
          存为 base64
        </BusyButton>
        <BusyButton id='save-canvas-node' busy={hook.isBusy} onClick={() => save((node) => ({ canvas: node, fileType: 'png' }))}>
          直接存节点 node
        </BusyButton>
      </View>
    </Card>
  )
}
