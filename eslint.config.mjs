// ESLint (flat config): typescript-eslint, the rules of hooks, and the architecture's layers as import rules.
//   npm run lint        (npm test runs it before the suites)
// Style is not linted here: no formatting rules, no reformatting of the code base.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import comments from '@eslint-community/eslint-plugin-eslint-comments'

// ---- the layers -----------------------------------------------------------------------------------------
// contract (types/)       imports nothing from the app or the cloud
// app (src/)              never imports cloudfunctions/
// cloud (cloudfunctions/) never imports src/
// pages                   (src/pages/**, src/packages/*/pages/**) never import the API client (src/api): data
//                         access goes through src/hooks
// area (src/packages/<a>) never imports another area, nor a tab page's folder (src/pages/*): what two areas
//                         share lives in src/ui, src/hooks or src/components, or, when the main package must not
//                         carry it, in src/packages/shared (code for subpackages only, e.g. the offline codes)
// Imports are matched as written, so every import that crosses a layer must be an alias the rules can see:
// inside src/ a relative import climbs at most two folders (`../../x`), and inside an area it never leaves
// the area's folder; beyond that, write `@/…`.

const AREAS = ['member', 'voucher', 'contest', 'station', 'staff']

const NO_APP = { regex: '^(@/|(\\.\\./)+src(/|$))', message: 'The contract (types/) is imported by the app and the cloud; it never imports them.' }
const NO_CLOUD = { regex: '(^|/)cloudfunctions(/|$)', message: 'The app never imports cloud function code: share it through the contract (types/).' }
const NO_SRC = { regex: '^(@/|(\\.\\./)+src(/|$))', message: 'Cloud functions never import the app (src/): share it through the contract (types/).' }
/** At most `n` folders up: beyond, the import must be written `@/…`. */
const climbAtMost = (n) => ({
  regex: `^(\\.\\./){${n + 1},}`,
  message: n === 0 ? 'Write imports from outside the area as @/…, so the layer rules can see them.' : `Write imports from more than ${n} folder(s) up as @/…, so the layer rules can see them.`,
})
const NO_API = {
  regex: '^(@/api|(\\.\\./)+api)(/|$)',
  message: 'Pages do not call the API client: use the hooks in src/hooks (useQuery, useAction, …).',
}
/** Another area's folder, or a tab page's folder, seen from area `a`. */
const noOtherArea = (a) => ({
  regex: `^@/(pages/|packages/(?!(${a}|shared)(/|$)))`,
  message: `An area imports another area (or a tab page's folder) only through src/ui, src/hooks or src/components.`,
})
/** The main package imports no zod: values from the contract only from its zod-free label module. */
const NO_ZOD_IN_MAIN = {
  regex: '^(@contract(/(?!labels$)[\\w-]+)?|zod(/.*)?)$',
  allowTypeImports: true,
  message: 'Main-package code imports only types from @contract (its schemas bring zod into the main package); names and labels come from @contract/labels.',
}

const restrict = (...patterns) => ['error', { patterns }]

// ---- the import rule per file ----------------------------------------------------------------------------
/** The no-restricted-imports patterns for one file under src/ (a later block replaces a rule's options, never merges them: each file gets its whole list at once). */
function srcPatterns(file) {
  const area = /^src\/packages\/([^/]+)\//.exec(file)?.[1]
  const isPage = /^src\/pages\//.test(file) || /^src\/packages\/[^/]+\/pages\//.test(file)
  // Inside an area: up to the area's folder (a file at src/packages/<a>/x/y.ts may climb one); elsewhere two.
  const depthInArea = area ? file.split('/').length - 4 : 0
  const p = [NO_CLOUD, climbAtMost(area ? depthInArea : 2)]
  if (!area) p.push(NO_ZOD_IN_MAIN)
  if (isPage) p.push(NO_API)
  if (area) p.push(noOtherArea(area))
  return p
}

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', '.tmp/', '.data/', 'coverage/', 'tools/', 'stubs/', '.swc/'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { '@eslint-community/eslint-comments': comments },
    rules: {
      // A rule switched off in place says why, on the same line: `// eslint-disable-line rule -- why`.
      '@eslint-community/eslint-comments/require-description': 'error',
      '@eslint-community/eslint-comments/no-unlimited-disable': 'error',
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    // The app's React code (the hooks rules read any `use…` call as a hook: test helpers like useBrowserApp are not).
    files: ['src/**/*.{ts,tsx}', 'test/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Tests and scripts drive the runtime's edges with loosely typed fakes and load modules lazily (after the
    // environment is set, inside jest.isolateModules): `any` and require() are their tools, not slips.
    files: ['test/**/*.{ts,tsx}', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // CommonJS and plain-node scripts
    files: ['**/*.{js,cjs,mjs}'],
    languageOptions: {
      globals: {
        require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly',
        Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly',
      },
    },
  },
  {
    files: ['babel.config.js', 'jest.config.js', 'test/ui/transform.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // ---- layers ----
  {
    files: ['types/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': restrict(NO_APP, { regex: '(^|/)cloudfunctions(/|$)', message: NO_APP.message }) },
  },
  {
    files: ['types/labels/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict({
        regex: '^(?!\\./)',
        allowTypeImports: true,
        message: 'types/labels/ is the zod-free label module the main package imports: it imports nothing but types and its own files.',
      }),
    },
  },
  {
    files: ['cloudfunctions/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': restrict(NO_SRC) },
  },
  ...srcBlocks(),
)

function srcBlocks() {
  const block = (glob, sample) => ({ files: [glob], rules: { '@typescript-eslint/no-restricted-imports': restrict(...srcPatterns(sample)) } })
  const TS = '*.{ts,tsx}'
  // General shapes first, each glob standing for every file of its kind (inside an area, one glob per folder
  // depth); later blocks win.
  return [
    block(`src/**/${TS}`, 'src/app.tsx'),
    block(`src/pages/**/${TS}`, 'src/pages/x/index.tsx'),
    ...AREAS.flatMap((a) => [0, 1, 2, 3, 4].flatMap((d) => {
      const dirs = 'x/'.repeat(d)
      const glob = (prefix) => `src/packages/${a}/${prefix}${'*/'.repeat(d - (prefix ? 1 : 0))}${TS}`
      return [
        block(glob(''), `src/packages/${a}/${dirs}x.ts`),
        ...(d > 0 ? [block(glob('pages/'), `src/packages/${a}/pages/${'x/'.repeat(d - 1)}x.ts`)] : []),
      ]
    })),
    // Code for subpackages only (kept out of the main package): held to an area's rules.
    block(`src/packages/shared/${TS}`, 'src/packages/shared/x.ts'),
  ]
}
