import { C } from '../collections'
import type { PrivacyPart } from './part'

/** Subscribe messages (_shared/notify.ts): they count for nothing once their person is gone, so they are erased, not re-keyed. */
export const messagesPrivacy: PrivacyPart = {
  area: 'notify',
  records: {
    messages: { collection: C.messages, field: 'to', by: 'alias', erase: true },
    subscriptions: { collection: C.subscriptions, field: 'openid', erase: true },
  },
}
