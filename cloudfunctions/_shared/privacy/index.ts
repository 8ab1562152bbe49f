/**
 * The privacy registry: every area's part of "everything stored about a person" (see ./part.ts), which
 * member.exportMine and member.deleteMine walk in this order. The parts live here, in _shared, and import
 * no function's code: the member function carries them without carrying the voucher, contest or station
 * function (test/platform/cloud-layers.test.ts).
 */
import { contestPrivacy } from './contest'
import { memberPrivacy } from './member'
import { messagesPrivacy } from './messages'
import type { PrivacyPart } from './part'
import { stationPrivacy } from './station'
import { voucherPrivacy } from './voucher'

export const PRIVACY_PARTS: readonly PrivacyPart[] = [memberPrivacy, voucherPrivacy, contestPrivacy, stationPrivacy, messagesPrivacy]

export { DELETED_NAME, type ActorField, type Person, type PersonalRecords, type PrivacyPart } from './part'
export { ERASED_REASON } from './contest'
