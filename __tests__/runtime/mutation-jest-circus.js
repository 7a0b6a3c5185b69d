/**
 * The test runner of mutation runs (jest.mutation.config.js): jest-circus, except that once a
 * mutant is killed its remaining test files are not even loaded. Loading a file (its Taro
 * runtime, its jsdom) costs more than most tests in it, and Stryker runs every file of a mutant
 * one after another in one process. The file name contains "jest-circus" because Stryker's
 * perTest coverage accepts only a runner whose path does.
 */
const circus = require('jest-circus/runner').default
const { createEmptyTestResult } = require('@jest/test-result')

const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__'
let killedMutant

// Jest counts a file with no test results as a failed suite (Stryker: a runtime error, not a
// kill), so the skipped file reports one skipped test.
const skipped = (testPath) => ({
  ...createEmptyTestResult(),
  testFilePath: testPath,
  numPendingTests: 1,
  testResults: [{ ancestorTitles: [], title: 'skipped: the mutant is already killed', fullName: 'skipped: the mutant is already killed', status: 'pending', failureMessages: [], failureDetails: [], numPassingAsserts: 0, duration: 0, location: null }],
})

module.exports = async function mutationRunner(globalConfig, config, environment, runtime, testPath, sendMessageToJest) {
  const mutant = process.env[ACTIVE_MUTANT]
  if (mutant !== undefined && killedMutant === mutant) return skipped(testPath)
  const result = await circus(globalConfig, config, environment, runtime, testPath, sendMessageToJest)
  if (mutant !== undefined && result.numFailingTests > 0) killedMutant = mutant
  return result
}
