/** Backend and contract tests run in node; UI tests (test/ui) in jsdom. */
const babel = {
  presets: [
    ['@babel/preset-env', { targets: { node: 'current' } }],
    ['@babel/preset-typescript', { allowDeclareFields: true }],
    ['@babel/preset-react', { runtime: 'automatic' }],
  ],
}
const transform = { '^.+\\.[jt]sx?$': ['babel-jest', { ...babel, babelrc: false, configFile: false }] }

module.exports = {
  testTimeout: 60000,
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/ui/'],
    },
  ],
}
