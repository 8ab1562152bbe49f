import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import { CONTRACT, ACCESS, type FunctionName, type Envelope, type Role, type ActionName, type FieldErrors, type Member } from '../../types'
import { AppError } from './errors'
import { C } from './collections'
import type { Clock } from './clock'
import type { Config } from './config'
import type { Collection, DocStore, Storage, MediaCheck, ContentCheck, Notifier, MiniCode } from './ports'
import type { Tokens } from './tokens'
import { loadRoles, type RoleInfo } from './roles'
import type { Logger } from './log'
import { readPass, type Eligibility } from './pass'

export interface Deps {
  store: DocStore
  storage: Storage
  clock: Clock
  config: Config
  tokens: Tokens
  media: MediaCheck
  /** Text content check of free text others will read (see content/publish.ts). */
  content: ContentCheck
  /** Images of codes that open a page (station posters). */
  miniCode: MiniCode
  log: Logger
  /** Subscribe messages; absent means store only (see _shared/notify.ts). */
  notifier?: Notifier
}

export interface MemberDoc extends Member { _id: string; deleted?: boolean }

export interface Ctx {
  readonly openid: string | null
  readonly requestId: string
  readonly deps: Deps
  readonly now: Date
  /** The caller's openid; UNAUTHENTICATED when there is none. */
  me(): string
  roles(): Promise<RoleInfo>
  /** Loaded by the runtime for 'member' actions (unless an eligibility pass stood in for it). */
  member?: MemberDoc
  /** For a 'member' action called with a valid eligibility pass (see pass.ts): the member read was skipped. */
  eligibility?: Eligibility
}

type Input<F extends FunctionName, A extends ActionName<F>> = (typeof CONTRACT)[F][A] extends { input: infer I extends z.ZodTypeAny } ? z.output<I> : never
type Output<F extends FunctionName, A extends ActionName<F>> = (typeof CONTRACT)[F][A] extends { output: infer O extends z.ZodTypeAny } ? z.input<O> : never

export type Handlers<F extends FunctionName> = { [A in ActionName<F>]?: (data: Input<F, A>, ctx: Ctx) => Promise<Output<F, A>> }

export interface CloudFunction {
  name: FunctionName
  handle(event: unknown, openid: string | null, deps: Deps): Promise<Envelope<unknown>>
  /** Jobs run by the platform's timer triggers, by trigger name (never by a client). */
  timers?: Record<string, (deps: Deps) => Promise<unknown>>
}

export function withTimers(fn: CloudFunction, timers: NonNullable<CloudFunction['timers']>): CloudFunction {
  return { ...fn, timers }
}

export function fieldErrors(err: z.ZodError): FieldErrors {
  // Paths can hold keys the client sent (record keys): no prototype to collide with.
  const out: FieldErrors = Object.create(null)
  for (const issue of err.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '_'
    ;(out[key] ??= []).push(issue.message)
  }
  return out
}

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k)

/** Requests that wrote eagerly (Collection.updateOne `eager`): their answer waits for those collections' barrier. */
const eager = new WeakMap<Ctx, Set<Pick<Collection, 'barrier'>>>()
export function wroteEagerly(ctx: Ctx, coll: Pick<Collection, 'barrier'>): void {
  if (!coll.barrier) return
  let s = eager.get(ctx)
  if (!s) { s = new Set(); eager.set(ctx, s) }
  s.add(coll)
}

export function defineFunction<F extends FunctionName>(name: F, handlers: Handlers<F>): CloudFunction {
  const contract = CONTRACT[name] as Record<string, { input: z.ZodTypeAny }>
  const access = ACCESS[name]

  async function handle(event: unknown, openid: string | null, deps: Deps): Promise<Envelope<unknown>> {
    const ctxs: Ctx[] = []
    const env = await answer(event, openid, deps, ctxs)
    // No answer before the commit of what the request wrote, eagerly written steps included.
    const colls = ctxs.length ? eager.get(ctxs[0]) : undefined
    if (colls) {
      try {
        for (const c of colls) await c.barrier!()
      } catch (e) {
        deps.log.error({ fn: name, err: e instanceof Error ? e.stack : String(e) })
        return { ok: false, error: new AppError('INTERNAL').toBody() }
      }
    }
    return env
  }

  async function answer(event: unknown, openid: string | null, deps: Deps, ctxs: Ctx[]): Promise<Envelope<unknown>> {
    const requestId = randomUUID()
    const started = Date.now()
    let action = '?'
    try {
      if (event === null || typeof event !== 'object' || Array.isArray(event)) {
        throw new AppError('VALIDATION_FAILED', '请求格式不正确：需要 { action, data }')
      }
      const ev = event as { action?: unknown; data?: unknown }
      if (typeof ev.action !== 'string' || !own(contract, ev.action)) {
        throw new AppError('VALIDATION_FAILED', typeof ev.action === 'string' ? `未知的操作：${ev.action.slice(0, 40)}` : '缺少 action')
      }
      action = ev.action
      const parsed = contract[action].input.safeParse(ev.data === undefined ? {} : ev.data)
      if (!parsed.success) {
        const fe = fieldErrors(parsed.error)
        const first = Object.values(fe)[0]?.[0]
        throw new AppError('VALIDATION_FAILED', first ? `填写有误：${first}` : undefined, { fieldErrors: fe })
      }

      let rolesCache: Promise<RoleInfo> | null = null
      const ctx: Ctx = {
        openid,
        requestId,
        deps,
        now: deps.clock.now(),
        me: () => openid ?? (() => { throw new AppError('UNAUTHENTICATED') })(),
        roles: () => (rolesCache ??= openid ? loadRoles(deps, openid) : Promise.resolve({ roles: [] as Role[] })),
      }
      ctxs.push(ctx)
      const rule = access[action]
      if (rule !== 'any') {
        if (!openid) throw new AppError('UNAUTHENTICATED')
        if (rule === 'member') {
          // A signed, unexpired pass of this caller stands in for the member read (one operation less per claim).
          const elig = readPass(deps.tokens, (parsed.data as { pass?: unknown } | null)?.pass, openid, ctx.now.getTime())
          if (elig) ctx.eligibility = elig
          else {
            const m = await deps.store.collection<MemberDoc>(C.members).get(openid)
            if (!m || m.status !== 'active' || m.deleted) throw new AppError('NOT_MEMBER')
            ctx.member = m
          }
        } else if (rule !== 'user') {
          const { roles } = await ctx.roles()
          if (!rule.some((r) => roles.includes(r))) throw new AppError('FORBIDDEN')
        }
      }
      const h = (handlers as Record<string, ((d: unknown, c: Ctx) => Promise<unknown>) | undefined>)[action]
      if (!h) throw new AppError('NOT_FOUND', '该功能即将上线，敬请期待')
      const data = await h(parsed.data, ctx)
      deps.log.info({ requestId, fn: name, action, ms: Date.now() - started, ok: true })
      return { ok: true, data }
    } catch (e) {
      if (e instanceof AppError) {
        deps.log.info({ requestId, fn: name, action, ms: Date.now() - started, code: e.code })
        return { ok: false, error: e.toBody() }
      }
      deps.log.error({ requestId, fn: name, action, err: e instanceof Error ? e.stack : String(e) })
      const err = new AppError('INTERNAL', undefined, { requestId })
      return { ok: false, error: err.toBody() }
    }
  }
  return { name, handle }
}
