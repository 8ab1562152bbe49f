/**
 * eslint.config.mjs once listed the files that still broke two layer rules (issue #13's ratchet). Both lists are
 * gone: every page is held to "pages never import the API client", every area file to "an area never imports
 * another area nor a tab page's folder". This test keeps them gone, so no exception list can come back.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')
const config = readFileSync(path.join(ROOT, 'eslint.config.mjs'), 'utf8')

describe('the ratchet lists of eslint.config.mjs', () => {
  it('has no list of pages calling the API client any more: every page is held to that rule', () => {
    expect(config).not.toMatch(/PAGES_CALLING_API/)
  })

  it('has no list of area files importing tab page folders any more: every area file is held to that rule', () => {
    expect(config).not.toMatch(/AREAS_IMPORTING_TAB_FOLDERS/)
  })
})
