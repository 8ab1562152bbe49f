import { aliasOf } from '../../cloudfunctions/_shared/alias'
import { TOPICS } from '../../types'
import { parseTemplates, wechatNotifier } from '../../cloudfunctions/_shared/notify-wechat'
import type { OpenApiCaller } from '../../cloudfunctions/_shared/media-wechat'
import type { TestGateway } from '../support/gateway'

export const TEMPLATES = Object.fromEntries(TOPICS.map((t) => [t, `tpl-${t}`]))

/**
 * The WeChat adapter with the open-API call faked at the edge: every send is recorded, and
 * `answer` decides WeChat's reply (errcode 0 by default).
 */
export function fakeWechat(gw: TestGateway) {
  const fake = {
    sends: [] as Array<{ api: string; body: Record<string, any> }>,
    answer: (_body: Record<string, any>): unknown => ({ errcode: 0, errmsg: 'ok' }),
    to: (openid: string) => fake.sends.filter((s) => s.body.touser === openid),
  }
  const call: OpenApiCaller = async (api, body) => { fake.sends.push({ api, body }); return fake.answer(body) }
  gw.deps.notifier = wechatNotifier(call, parseTemplates(JSON.stringify(TEMPLATES)))
  return fake
}

export async function ok(p: Promise<{ status: number; body: any }>) {
  const r = await p
  if (!r.body.ok) throw new Error(JSON.stringify(r.body))
  return r.body.data
}

/** The stored message documents of a person (all fields, for checking delivery records). */
export const messageDocs = (gw: TestGateway, openid: string) =>
  gw.deps.store.collection<any>('messages').find({ to: aliasOf(gw.deps.config.TOKEN_SECRET, openid) }, { orderBy: [['sentAt', 'desc'], ['_id', 'desc']] })
