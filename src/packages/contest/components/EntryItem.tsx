import type { ReactNode } from 'react'
import { View, Text, Video } from '@tarojs/components'
import type { Entry } from '@contract'
import { GENRE_LABELS, STAGE_LABELS, STATUS_TEXT } from '../lib'
import './contest.scss'

/** One entry as a card: the playable video, who and what, and whatever the page adds below. */
export function EntryItem({ e, showStatus, children, className }: { e: Entry; showStatus?: boolean; children?: ReactNode; className?: string }) {
  return (
    <View className={`c-entry ${className ?? ''}`} id={`entry-${e.id}`}>
      {e.videoUrl && <Video className='c-entry__video' src={e.videoUrl} controls objectFit='contain' showCenterPlayBtn />}
      <View className='c-entry__body'>
        <View>
          <Text className='c-tag c-tag--genre'>{GENRE_LABELS[e.genre]}</Text>
          <Text className='c-tag'>{STAGE_LABELS[e.stage]}</Text>
          {showStatus && <Text className={`c-tag c-tag--${e.status}`}>{STATUS_TEXT[e.status]}</Text>}
          {e.awards?.map((a) => <Text key={a} className='c-tag c-tag--award'>{a}</Text>)}
        </View>
        <Text className='c-entry__title'>{e.pieceTitle}</Text>
        <Text className='c-entry__line'>{e.name} · {e.city} · {e.employer}</Text>
        {children}
      </View>
    </View>
  )
}
