/**
 * End-to-end tests of the demo app in example/ (run by `npm run test:e2e`, which builds the
 * package and both example targets first):
 *  - h5.test.ts: the H5 build served on 127.0.0.1, driven by playwright-core in Debian's Chromium;
 *  - weapp.test.ts: the weapp build run in plain Node over the simulated WeChat runtime.
 */
const path = require('node:path')

module.exports = {
  rootDir: path.join(__dirname, '..'),
  roots: ['<rootDir>/e2e'],
  testMatch: ['**/*.test.ts'],
  testEnvironment: 'node',
  // As the unit tests: no unhandled rejection and nothing printed, in the tests or by the weapp build they run.
  setupFilesAfterEnv: ['<rootDir>/__tests__/runtime/guards.ts'],
  // babel-jest with the root babel.config.js (preset-env for node, typescript, react).
  transform: { '\\.[cm]?[jt]sx?$': 'babel-jest' },
  // The weapp build is run as built (minified CommonJS); don't send it through babel.
  transformIgnorePatterns: ['/node_modules/', '/example/dist/'],
  testTimeout: 60_000,
  // The two suites share nothing; run them one after the other on CI's 2 cores.
  maxWorkers: 1,
}
