import { cloudMain } from '../_shared/cloud'
import { contestFunction } from './handlers'

/** The CloudBase entry (handler `index.main`); bundled by scripts/build-functions.ts. */
export const main = cloudMain(contestFunction)
