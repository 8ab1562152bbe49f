import { View, Text } from '@tarojs/components'
import { GENRE_LABELS, GENRES, STAGE_LABELS, STAGES } from '@contract/common'
import { BackHome } from '@/components/BackHome'
import { LinkList } from '@/components/LinkList'
import { Section } from '@/components/Section'
import { PROGRAMMES } from '@/content'
import { ROUTES } from '@/routes'
import '@/styles/tab-landing.scss'

export default function ContestHome() {
  const p = PROGRAMMES.contest
  return (
    <View className='page tab-landing'>
      <View className='tab-landing__hero tab-landing__hero--opera'>
        <Text className='tab-landing__title'>{p.title}</Text>
        <Text className='tab-landing__facts'>{p.facts}</Text>
        <Text className='tab-landing__note'>中国梦·劳动美</Text>
      </View>
      <Section title='参赛与观赛' flush>
        <LinkList
          items={[
            { title: '大赛详情', description: '剧种、赛程、报名时间和参赛条件', url: ROUTES.contest.detail },
            { title: '我要报名', description: '填写报名信息，上传个人视频作品（MP4，100 MB 以内）', url: ROUTES.contest.signup },
            { title: '我的报名', description: '审核状态和各阶段成绩', url: ROUTES.contest.mine },
            { title: '作品展示 · 人气投票', description: '每人每天最多投 10 票，同一作品每天 1 票', url: ROUTES.contest.entries },
            { title: '获奖名单', description: '燕赵职工名票、最佳风采奖、最佳人气奖', url: ROUTES.contest.awards },
          ]}
        />
      </Section>
      <Section title='剧种与赛程'>
        <View>
          <Text>剧种：{GENRES.map((g) => GENRE_LABELS[g]).join('、')}</Text>
        </View>
        <View>
          <Text>赛程：{STAGES.map((s) => STAGE_LABELS[s]).join(' → ')}</Text>
        </View>
      </Section>
      <Section title='大赛介绍'>
        <Text>{p.intro}</Text>
      </Section>
      <BackHome />
    </View>
  )
}
