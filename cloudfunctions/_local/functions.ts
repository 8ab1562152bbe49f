import type { CloudFunction } from '../_shared/runtime'
import { memberFunction } from '../member/handlers'
import { voucherFunction } from '../voucher/handlers'
import { contestFunction } from '../contest/handlers'
import { stationFunction } from '../station/handlers'

export const FUNCTION_REGISTRY: Record<string, CloudFunction> = {
  member: memberFunction,
  voucher: voucherFunction,
  contest: contestFunction,
  station: stationFunction,
}
