import { defineFunction } from '../_shared/runtime'

export const stationFunction = defineFunction('station', {})
