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

module.exports = async function mutationRunner(globalConfig, config, environment, runtime, testPath, sendMessageToJest) {
  const mutant = process.env[ACTIVE_MUTANT]
  if (mutant !== undefined && killedMutant === mutant) return { ...createEmptyTestResult(), testFilePath: testPath }
  const result = await circus(globalConfig, config, environment, runtime, testPath, sendMessageToJest)
  if (mutant !== undefined && result.numFailingTests > 0) killedMutant = mutant
  return result
}
