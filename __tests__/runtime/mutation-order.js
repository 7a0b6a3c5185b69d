/** Mutation runs: the quick unit files first, the tables that load every platform's runtime last. */
const Sequencer = require('@jest/test-sequencer').default

const LAST = ['review', 'button', 'testing', 'harmony', 'platforms']
const rank = (path) => LAST.findIndex((name) => path.includes(`/${name}.test.`))

module.exports = class MutationOrder extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path))
  }
}
