import { View, Text } from '@tarojs/components'
import type { Contest } from '@contract'
import { BackHome } from '@/components/BackHome'
import { BigButton } from '@/components/BigButton'
import { LinkList, LinkSection } from '@/components/LinkList'
import { PageState } from '@/components/PageState'
import { Section } from '@/components/Section'
import { useMe } from '@/hooks/useMe'
import { ROUTES } from '@/routes'
import { go } from '@/utils/nav'
import { GENRE_LABELS, STAGE_LABELS, md, span, standing, stageState, useContest } from '../lib'
import '../components/contest.scss'
import '@/ui/Field/index.scss'
import { Row } from '@/ui/Rows'

const STATE_TEXT = { done: '已结束', now: '进行中', later: '未开始' } as const

function Timeline({ c }: { c: Contest }) {
  const signupState = c.signupOpen ? 'now' : c.today && c.signupEnd < c.today ? 'done' : 'later'
  return (
    <View className='c-timeline'>
      <View className={`c-timeline__item c-timeline__item--${signupState}`}>
        <View className='c-timeline__dot' />
        <View className='c-timeline__main'>
          <Text className='c-timeline__name'>报名</Text>
          <Text className='c-timeline__dates'>{span(c.signupStart, c.signupEnd, c.today)}</Text>
          <Text className='c-timeline__note'>线上填写报名信息并上传个人视频作品</Text>
        </View>
        <Text className='c-timeline__tag'>{STATE_TEXT[signupState]}</Text>
      </View>
      {c.stages.map((s) => {
        const st = stageState(c, s)
        return (
          <View key={s.id} className={`c-timeline__item c-timeline__item--${st} c-stage-${s.id}`}>
            <View className='c-timeline__dot' />
            <View className='c-timeline__main'>
              <Text className='c-timeline__name'>{STAGE_LABELS[s.id]}</Text>
              <Text className='c-timeline__dates'>{span(s.startDate, s.endDate, c.today)}</Text>
              {s.note && <Text className='c-timeline__note'>{s.note}</Text>}
            </View>
            <Text className='c-timeline__tag'>{s.settled ? '已完成晋级' : STATE_TEXT[st]}</Text>
          </View>
        )
      })}
    </View>
  )
}

export default function ContestPage() {
  const q = useContest()
  const { roles } = useMe()
  return (
    <View className='page contest-home'>
      <PageState query={q}>
        {(c) => {
          const staff = [
            ...(roles.includes('admin') ? [
              { title: '报名审核', description: '审核报名信息和视频，通过后进入作品展示', url: `${ROUTES.staff.contestReview}?id=${c.id}` },
              { title: '晋级与评奖', description: '按评委平均分每个剧种晋级前若干名；查看获奖名单', url: `${ROUTES.staff.contestAdvance}?id=${c.id}` },
            ] : []),
            ...(roles.includes('judge') ? [{ title: '评委打分', description: '0–100 分，保留一位小数，赛段开放期间可修改', url: `${ROUTES.staff.score}?id=${c.id}` }] : []),
          ]
          return (
            <>
              <View className='c-hero'>
                <Text className='c-hero__kicker'>河北省委宣传部 · 河北省总工会 主办</Text>
                <Text className='c-hero__title'>{c.title}</Text>
                <Text className='c-hero__status contest-home__standing'>今天 {md(c.today ?? c.signupStart)}：{standing(c)}</Text>
              </View>
              {c.signupOpen ? (
                <BigButton className='contest-home__signup' onClick={() => void go(`${ROUTES.contest.signup}?id=${c.id}`)}>我要报名（截止{md(c.signupEnd)}）</BigButton>
              ) : null}
              <Section title='参赛与观赛' flush>
                <LinkList items={[
                  { title: '我的报名', description: '审核状态和各阶段成绩', url: `${ROUTES.contest.mine}?id=${c.id}` },
                  { title: '作品展示 · 人气投票', description: '每人每天最多投 10 票，同一作品每天 1 票', url: `${ROUTES.contest.entries}?id=${c.id}` },
                  { title: '获奖名单', description: c.awards?.map((a) => a.name).join('、') ?? '', url: `${ROUTES.contest.awards}?id=${c.id}` },
                ]} />
              </Section>
              {staff.length > 0 && <LinkSection title='工作人员' items={staff} />}
              <Section title='赛程'>
                <Timeline c={c} />
              </Section>
              <Section title='参赛剧种'>
                <View className='ui-chips'>
                  {c.genres.map((g) => <View key={g} className='ui-chip'><Text>{GENRE_LABELS[g]}</Text></View>)}
                </View>
              </Section>
              <Section title='参赛条件'>
                <Text className='c-para contest-home__eligibility'>{c.eligibility ?? '在职职工'}</Text>
                {c.eligibleCities?.length ? <Text className='c-muted'>报名城市：{c.eligibleCities.join('、')}</Text> : null}
              </Section>
              <Section title='奖项设置'>
                {c.awards?.map((a) => (
                  <Row key={a.key} label={a.name}>每个剧种 {a.perGenre} 名</Row>
                ))}
                <Text className='c-muted'>最佳人气奖由公众投票产生；颁发证书、奖杯并授予一定创作扶持奖励。</Text>
              </Section>
              {c.description && (
                <Section title='大赛介绍'>
                  <Text className='c-para'>{c.description}</Text>
                </Section>
              )}
              <Section title='报名须知'>
                <Text className='c-para'>视频：MP4 或 MOV 格式，不超过 100 MB，建议横屏拍摄、声音清晰。</Text>
                <Text className='c-para'>每人每个剧种限报一次；提交后由工会工作人员审核，通过后进入作品展示。</Text>
              </Section>
            </>
          )
        }}
      </PageState>
      <BackHome />
    </View>
  )
}
