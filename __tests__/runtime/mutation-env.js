/**
 * The test environment of mutation runs (jest.mutation.config.js). A mutant is killed by its
 * first failing test, so once one fails, the rest of that mutant's run is skipped: Stryker's jest
 * runner cannot bail (jest has no programmatic bail), and without this every killed mutant would
 * still run every covering test in every file. Outside a mutant run (the dry run, a plain jest
 * run) it is jsdom, unchanged.
 */
const { TestEnvironment } = require('jest-environment-jsdom')

const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__'
// Module state outlives one test file: Stryker runs a mutant's files one after another in one process.
let killedMutant

module.exports = class MutationEnvironment extends TestEnvironment {
  async handleTestEvent(event) {
    const mutant = process.env[ACTIVE_MUTANT]
    if (mutant === undefined) return
    if (event.name === 'test_start' && killedMutant === mutant) event.test.mode = 'skip'
    if (event.name === 'test_done' && event.test.errors.length > 0) killedMutant = mutant
  }
}
