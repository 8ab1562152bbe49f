/**
 * Every page of the app, in one place. app.config.ts is generated from this table and
 * `isPage()` reads it at run time, so a link lights up as soon as its page is registered here.
 *
 * To add a page to an area: create src/packages/<area>/pages/<name>/index.tsx (+ index.config.ts)
 * and add 'pages/<name>/index' to that area's `pages` below. Its URL is in ROUTES already, or add it.
 */

export const TAB_PAGES = {
  home: 'pages/index/index',
  cooling: 'pages/cooling/index',
  stations: 'pages/stations/index',
  me: 'pages/me/index',
} as const

/** Main-package pages that are not tabs: the landing page for unknown addresses (app.tsx sends them there). */
export const MAIN_PAGES = {
  notFound: 'pages/not-found/index',
} as const

export type Area = 'member' | 'voucher' | 'contest' | 'station' | 'staff'

/** One subpackage per area; each area's landing page is `packages/<area>/pages/index`. */
export const SUBPACKAGES: Record<Area, { root: string; pages: string[] }> = {
  member: {
    root: 'packages/member/',
    pages: ['pages/index', 'pages/join/index', 'pages/card/index', 'pages/partners/index', 'pages/apply-partner/index', 'pages/privacy/index', 'pages/verify/index',
      'pages/privacy-notice/index', 'pages/messages/index'],
  },
  voucher: {
    root: 'packages/voucher/',
    pages: ['pages/index', 'pages/wallet/index', 'pages/qr/index', 'pages/redeem/index', 'pages/admin/index', 'pages/edit/index', 'pages/stats/index'],
  },
  contest: {
    root: 'packages/contest/',
    pages: ['pages/index', 'pages/signup/index', 'pages/mine/index', 'pages/entries/index', 'pages/awards/index', 'pages/review/index', 'pages/score/index', 'pages/advance/index', 'pages/edit/index'],
  },
  station: {
    root: 'packages/station/',
    pages: ['pages/index', 'pages/nearby/index', 'pages/detail/index', 'pages/checkin/index', 'pages/rate/index', 'pages/manage/index', 'pages/edit/index', 'pages/poster/index', 'pages/evaluate/index', 'pages/stats/index'],
  },
  staff: {
    root: 'packages/staff/',
    pages: ['pages/index', 'pages/joins/index', 'pages/partner-applications/index', 'pages/stats/index', 'pages/grant-role/index', 'pages/health/index'],
  },
}

const sub = (area: Area, page: string) => `/${SUBPACKAGES[area].root}${page}`

/** URLs to navigate to (absolute, with the leading slash). Planned pages are listed so links agree on them. */
export const ROUTES = {
  home: `/${TAB_PAGES.home}`,
  cooling: `/${TAB_PAGES.cooling}`,
  stations: `/${TAB_PAGES.stations}`,
  me: `/${TAB_PAGES.me}`,
  /** ?path=<the address that was asked for> */
  notFound: `/${MAIN_PAGES.notFound}`,
  member: {
    index: sub('member', 'pages/index'),
    join: sub('member', 'pages/join/index'),
    card: sub('member', 'pages/card/index'),
    partners: sub('member', 'pages/partners/index'),
    applyPartner: sub('member', 'pages/apply-partner/index'),
    privacy: sub('member', 'pages/privacy/index'),
    /** The privacy notice (隐私保护指引) the consent boxes point to. */
    privacyNotice: sub('member', 'pages/privacy-notice/index'),
    /** A partner's till: scan a member's card QR, see today's verifications. */
    verify: sub('member', 'pages/verify/index'),
    /** The caller's messages (subscribe messages are stored here too), newest first. */
    messages: sub('member', 'pages/messages/index'),
  },
  voucher: {
    index: sub('voucher', 'pages/index'),
    /** Today's campaigns and the 领取 button live on the 清凉 tab itself. */
    campaigns: `/${TAB_PAGES.cooling}`,
    wallet: sub('voucher', 'pages/wallet/index'),
    /** One voucher's QR for the till: ?id=<voucherId> */
    qr: sub('voucher', 'pages/qr/index'),
    /** The supermarket till: scan or paste a voucher's QR (member cards too). */
    redeem: sub('voucher', 'pages/redeem/index'),
    /** Staff: campaigns list, edit (?id= to edit, none to create), stats (?id=). */
    admin: sub('voucher', 'pages/admin/index'),
    edit: sub('voucher', 'pages/edit/index'),
    stats: sub('voucher', 'pages/stats/index'),
  },
  contest: {
    /** The contest page: rules, stages, eligibility, awards, where it stands today. ?id=<contestId>, else the running one. */
    index: sub('contest', 'pages/index'),
    detail: sub('contest', 'pages/index'),
    signup: sub('contest', 'pages/signup/index'),
    mine: sub('contest', 'pages/mine/index'),
    entries: sub('contest', 'pages/entries/index'),
    awards: sub('contest', 'pages/awards/index'),
  },
  station: {
    index: sub('station', 'pages/index'),
    nearby: sub('station', 'pages/nearby/index'),
    /** ?id=<stationId> */
    detail: sub('station', 'pages/detail/index'),
    /** ?stationId=..&code=.. when opened from a poster's code; without them it offers to scan or paste. */
    checkin: sub('station', 'pages/checkin/index'),
    /** ?id=<stationId> */
    rate: sub('station', 'pages/rate/index'),
    /** Keepers: their stations; staff: any station, new ones, evaluation, stats. */
    manage: sub('station', 'pages/manage/index'),
    /** ?id= to edit, none to create */
    edit: sub('station', 'pages/edit/index'),
    /** ?id= : the check-in poster with its QR */
    poster: sub('station', 'pages/poster/index'),
    /** ?id= : the nine-aspect evaluation */
    evaluate: sub('station', 'pages/evaluate/index'),
    stats: sub('station', 'pages/stats/index'),
  },
  staff: {
    index: sub('staff', 'pages/index'),
    joins: sub('staff', 'pages/joins/index'),
    partnerApplications: sub('staff', 'pages/partner-applications/index'),
    grantRole: sub('staff', 'pages/grant-role/index'),
    /** member.health as a checklist: what a deploy still lacks. */
    health: sub('staff', 'pages/health/index'),
    campaigns: sub('voucher', 'pages/admin/index'),
    contestReview: sub('contest', 'pages/review/index'),
    contestAdvance: sub('contest', 'pages/advance/index'),
    /** Create or edit a contest (?id= opens one). */
    contestEdit: sub('contest', 'pages/edit/index'),
    stationEvaluate: sub('station', 'pages/manage/index'),
    stats: sub('staff', 'pages/stats/index'),
    redeem: sub('voucher', 'pages/redeem/index'),
    score: sub('contest', 'pages/score/index'),
    stationManage: sub('station', 'pages/manage/index'),
  },
} as const

const tabUrls = new Set<string>(Object.values(TAB_PAGES).map((p) => `/${p}`))
const registered = new Set<string>([
  ...tabUrls,
  ...Object.values(MAIN_PAGES).map((p) => `/${p}`),
  ...Object.values(SUBPACKAGES).flatMap(({ root, pages }) => pages.map((p) => `/${root}${p}`)),
])

const pathOf = (url: string) => (url.startsWith('/') ? url : `/${url}`).split('?')[0]

/** Whether the URL names a page that is built into the app (query string ignored). */
export function isPage(url: string): boolean {
  return registered.has(pathOf(url))
}

export function isTabPage(url: string): boolean {
  return tabUrls.has(pathOf(url))
}
