/**
 * The contract's names and their Chinese labels, with no zod: the one label module of the app and the cloud
 * (`@contract/labels`; the cloud imports it through types/).
 *
 * The schema modules (common.ts and the rest) build zod schemas when they load; this one only holds constants,
 * so the main package of the mini-program can import it without pulling zod (~330 KB) in. It imports nothing
 * but types and its own files (eslint.config.mjs enforces it; test/weapp/budget.test.ts checks the main package
 * for zod). One file per table group, re-exported here: the mini-program build marks this folder free of side
 * effects (config/index.ts), so each group lands only in the packages whose code uses it — the main package
 * gets the few its tab pages show, not the staff pages' tables.
 * common.ts re-exports everything here, so `@contract` and `@contract/common` keep offering these names.
 */

export * from './errors'
export * from './people'
export * from './partners'
export * from './contest'
export * from './stations'
export * from './aspects'
export * from './topics'
export * from './eligibility'
