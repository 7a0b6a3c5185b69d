// Mutation runs (npm run mutation): the behaviour tests, without the suites that prove
// invariants over hundreds of runs (fault matrix, properties, soak). Those cover every line, so
// each mutant would rerun them for minutes; killing mutants is the behaviour tests' job.
const base = require('./jest.config')

module.exports = {
  ...base,
  testPathIgnorePatterns: [...base.testPathIgnorePatterns, 'faults', 'properties', 'soak'],
  // Stops a mutant's run at its first failing test (see the file).
  testEnvironment: require.resolve('./__tests__/runtime/mutation-env.js'),
  // …and does not even load a killed mutant's remaining files (see the file).
  testRunner: require.resolve('./__tests__/runtime/mutation-jest-circus.js'),
  // Only the files that hold a mutant's covering tests, quick files first, so that a killed
  // mutant is usually killed before the long tables run.
  testSequencer: require.resolve('./__tests__/runtime/mutation-order.js'),
}
