/**
 * The order of a mutation run's test files, and which ones it needs. Stryker's jest runner loads
 * every test file for every mutant and picks the covering tests by name (testNamePattern); a file
 * with none of them is loaded for nothing. With the map scripts/mutation.mjs writes before each
 * run (every test's full name by file, in MUTATION_TEST_MAP), the files whose names the pattern
 * matches are the ones jest would run tests of; the others are dropped. Without the map, or when a
 * covering test's name is in no file of it (a new test), every file runs.
 * Then the quick unit files first, the tables that load every platform's runtime last.
 */
const Sequencer = require('@jest/test-sequencer').default
const { readFileSync } = require('node:fs')
const { relative } = require('node:path')

const LAST = ['review', 'button', 'testing', 'harmony', 'platforms']
const rank = (path) => LAST.findIndex((name) => path.includes(`/${name}.test.`))

let map
const namesByFile = () => (map ??= process.env.MUTATION_TEST_MAP ? JSON.parse(readFileSync(process.env.MUTATION_TEST_MAP, 'utf8')) : null)

module.exports = class MutationOrder extends Sequencer {
  constructor(options) {
    super(options)
    this.globalConfig = options?.globalConfig ?? {}
  }

  sort(tests) {
    return this.needed(tests).sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path))
  }

  needed(tests) {
    const { testNamePattern, rootDir } = this.globalConfig
    const byFile = namesByFile()
    if (!testNamePattern || !byFile || !rootDir) return [...tests]
    // Stryker's pattern is `(name)|(name)…` with each name escaped.
    const wanted = testNamePattern.slice(1, -1).split(')|(').map((escaped) => escaped.replace(/\\(.)/g, '$1'))
    const known = new Set(Object.values(byFile).flat())
    if (!wanted.every((name) => known.has(name))) return [...tests]
    const pattern = new RegExp(testNamePattern, 'i')
    return tests.filter((test) => {
      const names = byFile[relative(rootDir, test.path)]
      return !names || names.some((name) => pattern.test(name))
    })
  }
}
