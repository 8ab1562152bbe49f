import { defineFunction } from '../_shared/runtime'

export const voucherFunction = defineFunction('voucher', {})
