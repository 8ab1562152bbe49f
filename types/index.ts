export * from './common'
export * from './member'
export * from './voucher'
export * from './contest'
export * from './station'
export * from './messages'
export * from './staff'
export * from './access'
import { memberActions } from './member'
import { voucherActions } from './voucher'
import { contestActions } from './contest'
import { stationActions } from './station'
import type { z } from 'zod'
import type { FunctionName } from './common'

export const CONTRACT = {
  member: memberActions,
  voucher: voucherActions,
  contest: contestActions,
  station: stationActions,
} as const

export type Contract = typeof CONTRACT
export type ActionName<F extends FunctionName> = keyof Contract[F] & string
export type ActionInput<F extends FunctionName, A extends ActionName<F>> = Contract[F][A] extends { input: infer I extends z.ZodTypeAny } ? z.input<I> : never
export type ActionOutput<F extends FunctionName, A extends ActionName<F>> = Contract[F][A] extends { output: infer O extends z.ZodTypeAny } ? z.output<O> : never
