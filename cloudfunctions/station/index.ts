import { cloudMain } from '../_shared/cloud'
import { stationFunction } from './handlers'

/** The CloudBase entry (handler `index.main`); bundled by scripts/build-functions.ts. */
export const main = cloudMain(stationFunction)
