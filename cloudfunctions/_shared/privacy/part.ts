import type { CollectionName } from '../collections'
import type { Deps } from '../runtime'

/** What replaces a name once its owner deleted the account. */
export const DELETED_NAME = '已注销用户'

/** The person whose data is exported or erased. */
export interface Person {
  openid: string
  /** Their alias (`aliasOf`, _shared/alias.ts): the key of what is held by alias (vouchers, messages, upload folders). */
  alias: string
}

/**
 * Records that name the person in one field: the openid, or with `by: 'alias'` their alias. Exported as
 * they are; on deletion re-keyed to a random pseudonym that nothing links back to the person (records stay:
 * counts, stock and votes must add up), with `scrub` fields set and `drop` fields removed.
 */
export interface PersonalRecords {
  collection: CollectionName
  field: string
  by?: 'alias'
  scrub?: Record<string, unknown>
  drop?: string[]
  /** Fields holding uploaded files: the files are deleted from storage. */
  files?: string[]
  /** Delete the records instead of re-keying them (messages, subscriptions: nothing to count). */
  erase?: true
}

/** A field naming the person as the staff member who acted (verified, reviewed, redeemed): re-keyed on deletion, not exported. */
export interface ActorField { collection: CollectionName; field: string }

/**
 * One area's part of the privacy registry (`PRIVACY_PARTS`, ./index.ts), which member.exportMine and
 * member.deleteMine walk. A part names collections (`C.<name>`) and knows its own id rules; it imports
 * no function's code, so every function can carry all parts without carrying another function.
 * An area that stores personal data in a new place adds it to its part.
 */
export interface PrivacyPart {
  area: string
  /** Records found by a field, by export key (the keys of exportMine's answer, in this order). */
  records?: Record<string, PersonalRecords>
  actors?: ActorField[]
  /** Exported before `records`: what a field filter cannot gather (documents keyed by the openid itself). */
  exportOwn?(deps: Deps, person: Person): Promise<Record<string, unknown>>
  /** Rewrites this part's exported records where they would name someone else (a till's staff). */
  exportView?(deps: Deps, out: Record<string, unknown>): Promise<void>
  /**
   * Runs before the field re-keying: moves the documents whose ids embed the openid to the pseudonym's
   * ids (a transaction of id operations each). Returns how many documents moved or changed.
   */
  move?(deps: Deps, person: Person, pseudonym: string, now: string): Promise<number>
}
