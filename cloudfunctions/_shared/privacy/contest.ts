import { C } from '../collections'
import { DELETED_NAME, type PrivacyPart } from './part'

/** What an erased entry says in its owner's place (it leaves the gallery: no longer approved). */
export const ERASED_REASON = '本人已注销，作品已撤下'

/** The contest area: entries (with their uploaded video) and votes. */
export const contestPrivacy: PrivacyPart = {
  area: 'contest',
  records: {
    entries: {
      collection: C.entries, field: 'owner', files: ['videoFileId'],
      scrub: { name: DELETED_NAME, phone: '', employer: '', videoFileId: '', status: 'rejected', reason: ERASED_REASON },
    },
    votes: { collection: C.votes, field: 'voter' },
  },
}
