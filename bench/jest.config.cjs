/**
 * The in-process parts of `npm run bench` (renders, base64 work, batches, platform calls): the
 * package over the real @tarojs/taro and the simulated runtimes of the unit tests, with the unit
 * tests' own Jest settings (setup, guards, transforms). Each bench file writes what it measured
 * to bench/.out/; scripts/bench.mjs runs this config and builds the table from those files.
 * Run alone: `node --expose-gc node_modules/.bin/jest -c bench/jest.config.cjs -i`.
 */
const path = require('node:path')
const unit = require('../jest.config.js')

module.exports = {
  ...unit,
  rootDir: path.join(__dirname, '..'),
  roots: ['<rootDir>/bench'],
  testMatch: ['<rootDir>/bench/*.bench.ts?(x)'],
  testPathIgnorePatterns: [],
  // Timings are not shared with another bench file running beside them.
  maxWorkers: 1,
  testTimeout: 120_000,
}
