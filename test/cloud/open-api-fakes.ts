import type { OpenApiCaller } from '../../cloudfunctions/_shared/media-wechat'
import type { Logger } from '../../cloudfunctions/_shared/log'

/** An open-API caller that records each call and answers with `answer`. */
export function fakeCaller(answer: (api: string, body: Record<string, unknown>) => unknown) {
  const calls: Array<{ api: string; body: Record<string, unknown> }> = []
  const call: OpenApiCaller = async (api, body) => { calls.push({ api, body }); return answer(api, body) }
  return { call, calls }
}

/** A logger that keeps what the adapter logs as errors. */
export function fakeLog() {
  const errors: Array<Record<string, unknown>> = []
  const log: Logger = { info: () => {}, error: (o) => { errors.push(o) } }
  return { log, errors }
}
