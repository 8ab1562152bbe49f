/**
 * Projects:
 *  - node:    backend and contract tests (test/**\/*.test.ts)
 *  - ui:      React components and hooks in jsdom (test/ui/**\/*.test.tsx), Taro mapped to small stand-ins
 *  - weapp:   the compiled mini-program (dist/weapp) in miniprogram-simulate (test/weapp); build weapp first
 *  - browser: the H5 build (dist/h5) through the local gateway in headless chromium (test/browser); build h5 first
 */
const babel = {
  presets: [
    ['@babel/preset-env', { targets: { node: 'current' } }],
    ['@babel/preset-typescript', { allowDeclareFields: true }],
    ['@babel/preset-react', { runtime: 'automatic' }],
  ],
}
const transform = { '^.+\\.[jt]sx?$': ['babel-jest', { ...babel, babelrc: false, configFile: false }] }

// The UI project also compiles the ESM of Taro's and NutUI's packages, and imports NutUI per component like
// the app does. Its babel options hold a function (babel-plugin-import's customName), which would be lost
// when jest hands the configuration to its worker processes: the transformer is a module each worker loads.
const uiTransform = { '^.+\\.[mc]?[jt]sx?$': '<rootDir>/test/ui/transform.js' }

module.exports = {
  testTimeout: 60000,
  // Per checkout: babel-jest's cache key cannot see functions in the babel options (babel-plugin-import's
  // customName), so a machine-wide cache can serve a transform made under another configuration.
  cacheDirectory: '<rootDir>/.tmp/jest-cache',
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/ui/', '<rootDir>/test/weapp/', '<rootDir>/test/browser/'],
      // @noble/hashes is ESM only (the phone's offline codes, tested against the server here).
      transformIgnorePatterns: ['/node_modules/(?!@noble/)'],
      moduleNameMapper: { '^@contract/(.*)$': '<rootDir>/types/$1' },
    },
    {
      displayName: 'ui',
      testEnvironment: 'jsdom',
      transform: uiTransform,
      testMatch: ['<rootDir>/test/ui/**/*.test.tsx'],
      transformIgnorePatterns: ['/node_modules/(?!(@tarojs|@stencil|@nutui|@swc/helpers|swiper|tslib|qrcode-generator|@noble|\\.pnpm)/)'],
      moduleNameMapper: {
        '^@tarojs/components$': '<rootDir>/test/ui/shims/components.ts',
        '^@tarojs/taro$': '<rootDir>/test/ui/shims/taro.ts',
        '\\.(css|scss)$': '<rootDir>/test/ui/shims/style.ts',
        '\\.(png|jpe?g|gif|svg)$': '<rootDir>/test/ui/shims/file.ts',
        '^@contract$': '<rootDir>/types/index.ts',
        '^@contract/(.*)$': '<rootDir>/types/$1',
        '^@/(.*)$': '<rootDir>/src/$1',
      },
      setupFiles: ['<rootDir>/test/ui/shims/globals.ts'],
    },
    {
      displayName: 'weapp',
      // miniprogram-simulate lays pages out in a DOM
      testEnvironment: 'jsdom',
      transform,
      testMatch: ['<rootDir>/test/weapp/**/*.test.ts'],
      transformIgnorePatterns: ['/node_modules/(?!@noble/)'],
      moduleNameMapper: { '^@contract/(.*)$': '<rootDir>/types/$1' },
    },
    {
      displayName: 'browser',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
      transformIgnorePatterns: ['/node_modules/(?!@noble/)'],
      moduleNameMapper: { '^@contract/(.*)$': '<rootDir>/types/$1' },
    },
  ],
}

// Each project keeps its transform cache in this checkout (see cacheDirectory above: projects do not inherit it).
module.exports.projects = module.exports.projects.map((p) => ({ cacheDirectory: module.exports.cacheDirectory, ...p }))
