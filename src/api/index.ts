/**
 * The one way the app talks to the cloud functions.
 *
 *   import { call, callWithRetry, uuid, ApiError } from '@/api'
 *   const me = await call('member', 'me', {})
 *   const v = await callWithRetry('voucher', 'claim', { campaignId, requestId: uuid() })
 *
 * For hooks and area code. Pages never import it: they use the hooks of src/hooks (test/platform/pages-use-hooks.test.ts).
 */
export { call, callWithRetry, unwrap } from './client'
export { ApiError, INTERNAL_MESSAGE, NETWORK_MESSAGE, type ClientErrorCode } from './errors'
export { uploadFile, fileUrl, type UploadProgress } from './upload'
export { uuid } from './uuid'
export { QUEUE_MESSAGE, RETRY_POLICY, backoffMs, retryReason, withRetry, type RetryOptions, type RetryPolicy, type RetryReason } from './retry'
export {
  DEMO_IDENTITIES, GUEST_LABEL, IDENTITY_EVENT, getDemoOpenid, setDemoOpenid, identityLabel, type DemoIdentity,
} from './identity'
