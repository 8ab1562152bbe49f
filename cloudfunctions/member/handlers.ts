import { defineFunction } from '../_shared/runtime'
import { me, grantRole } from './roles'

export const memberFunction = defineFunction('member', {
  me,
  grantRole,
})
