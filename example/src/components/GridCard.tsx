import { useState } from 'react'
import { Image, Progress, Text, View } from '@tarojs/components'
import type { SaveResult, SaveToAlbum } from 'taro-save-to-album'
import { BusyButton } from './BusyButton'
import { Card } from './Card'
import { statusInWords } from './labels'

type Mark = 'saved' | 'failed' | undefined

/** A refusal or an abort is no fault of the photo: its tile keeps no mark. */
const markOf = (r: SaveResult): Mark =>
  r.ok ? 'saved' : /^(AUTH_DENIED|SYSTEM_DENIED|PRIVACY_DENIED|ABORTED)$/.test(r.error.code) ? undefined : 'failed'

/**
 * ③ 九宫格一键保存：一次权限检查，下载并行、入相册按顺序，每张存好就打勾 / nine photos in one tap:
 * one permission check, overlapping downloads, album saves one at a time in order; each tile
 * (`#grid-0` … `#grid-8`) gets the `saved` class and a tick as its photo is saved.
 *
 * @example
 * <GridCard hook={grid} urls={GRID_URLS} onStart={() => setLast('grid')} onDone={(results) => console.log(results.length)} />
 */
export function GridCard(props: { hook: SaveToAlbum; urls: string[]; onStart: () => void; onDone: (results: SaveResult[]) => void }) {
  const { hook, urls, onStart, onDone } = props
  const [marks, setMarks] = useState<Mark[]>([])

  const saveGrid = () => {
    onStart()
    setMarks([])
    hook.saveAll(urls, {
      onItem: (i, result) =>
        setMarks((now) => {
          const next = [...now]
          next[i] = markOf(result)
          return next
        }),
    }).then(onDone)
  }

  const saved = marks.filter((m) => m === 'saved').length
  return (
    <Card title='③ 九宫格 Photo grid' desc='saveAll(urls, { onItem })：一次授权，按顺序存入相册'>
      <View className='grid'>
        {urls.map((url, i) => (
          <View key={url} id={`grid-${i}`} className={`grid-item${marks[i] ? ` ${marks[i]}` : ''}`}>
            <Image className='grid-image' src={url} mode='aspectFill' />
            {marks[i] && <Text className='grid-mark'>{marks[i] === 'saved' ? '✓' : '✕'}</Text>}
          </View>
        ))}
      </View>
      <Progress className='progress' percent={Math.round(hook.progress * 100)} strokeWidth={4} showInfo />
      <Text className='line'>
        {saved} / {urls.length} · {statusInWords(hook.status, hook.error)}
      </Text>
      <BusyButton id='save-grid' busy={hook.isBusy} onClick={saveGrid}>
        一键保存 9 张 Save all 9
      </BusyButton>
    </Card>
  )
}
