import { defineFunction } from '../_shared/runtime'

export const contestFunction = defineFunction('contest', {})
