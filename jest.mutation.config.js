// Mutation runs (npm run mutation): the unit tests but the soak, which proves that nothing
// accumulates rather than any behaviour, and would only slow every mutant down.
const base = require('./jest.config')

module.exports = { ...base, testPathIgnorePatterns: [...base.testPathIgnorePatterns, 'soak'] }
