/**
 * Document ids that embed a person's openid, where the id itself is a rule (one per person and day,
 * one per person and station). Here and not in the function that writes them because erasure
 * (member.deleteMine, _shared/privacy/) rebuilds them for the pseudonym the records move to.
 */

/** One use of a partner's benefit per person and day: `${partnerId}_${day}_${openid}`. */
export const benefitUseId = (partnerId: string, day: string, openid: string) => `${partnerId}_${day}_${openid}`

/**
 * One visitor window and one rating per (station, person). Ids may contain `-` and `_`, so a plain
 * join could map two pairs to one key; the length prefix makes the key unambiguous.
 */
export const pairKey = (stationId: string, openid: string) => `${stationId.length}-${stationId}-${openid}`
