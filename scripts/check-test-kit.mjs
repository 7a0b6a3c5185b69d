// The testing kit from the outside (issue 18, point 3): the packed package is installed into a
// copy of each consumer project of e2e/consumers that tests an app's screens through
// taro-save-to-album/testing (jest-cjs, vitest-esm), whose own tests must pass, using only what the README
// shows; then a setup listed in the wrong place, or none at all, must fail saying what to do.
// Called by scripts/check-consumer.mjs with the tarball it packed (one `npm pack` for all consumers).
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'

/** Consumer projects testing their screens with the kit, and how each runs its tests. */
export const KIT_CONSUMERS = [
  { name: 'jest-cjs', test: [npx, ['jest', '--ci']] },
  { name: 'vitest-esm', test: [npx, ['vitest', 'run']] },
]

/** Runs a command in `cwd`; returns `[ok, output]`. */
function attempt(command, args, cwd) {
  try {
    return [true, execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })]
  } catch (e) {
    return [false, `${e.stdout ?? ''}${e.stderr ?? ''}`]
  }
}

/**
 * Installs `tarball` into a copy of each kit consumer under `work` and runs its tests. Returns the
 * failures, each a message to print (empty when all passed).
 *
 * @example
 * const failures = checkTestKit('/tmp/x/taro-save-to-album-0.1.0.tgz', '/tmp/x')
 */
export function checkTestKit(tarball, work) {
  const failures = []
  for (const consumer of KIT_CONSUMERS) {
    const project = join(work, consumer.name)
    mkdirSync(project)
    cpSync(join(ROOT, 'e2e', 'consumers', consumer.name), project, { recursive: true })
    const [installed, installLog] = attempt(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], project)
    if (!installed) {
      failures.push(`${installLog}\n✖ npm install of the packed package failed in the ${consumer.name} consumer project`)
      continue
    }
    const [passed, testLog] = attempt(consumer.test[0], consumer.test[1], project)
    if (!passed) failures.push(`${testLog}\n✖ the ${consumer.name} consumer's tests of its screens fail over taro-save-to-album/testing`)
    else console.log(`ok    ${consumer.name}: the packed package installs and the consumer's screen tests pass over taro-save-to-album/testing`)
  }
  // A setup listed under setupFiles (before jest's globals) must say where it belongs.
  const project = join(work, 'jest-cjs')
  writeFileSync(join(project, 'jest.misplaced.config.js'), "module.exports = { testEnvironment: 'jsdom', setupFiles: ['taro-save-to-album/testing/jest'] }\n")
  const [misplacedPassed, misplacedLog] = attempt(npx, ['jest', '--ci', '-c', 'jest.misplaced.config.js'], project)
  if (misplacedPassed || !misplacedLog.includes("setupFilesAfterEnv: ['taro-save-to-album/testing/jest']")) {
    failures.push(`${misplacedLog}\n✖ the jest setup listed under setupFiles does not fail with a message saying to list it under setupFilesAfterEnv`)
  } else console.log('ok    a jest setup in the wrong place fails saying where it belongs')
  failures.push(...checkNoSetup(work))
  return failures
}

/** A user's test of the kit alone (nothing of Taro imported before it), as CommonJS for jest and as an ES module for vitest. */
const NO_SETUP_BODY = `test('a phone without the setup', () => {
  simulateAlbum('weapp', { album: 'refused' })
})
`
const NO_SETUP_CJS = `const { simulateAlbum } = require('taro-save-to-album/testing')\n${NO_SETUP_BODY}`
const NO_SETUP_ESM = `import { test } from 'vitest'\nimport { simulateAlbum } from 'taro-save-to-album/testing'\n${NO_SETUP_BODY}`

/**
 * No setup at all, in each runner: `simulateAlbum()` must fail at once with the line to add to
 * the config, not with a Taro global missing deep in its runtime.
 */
function checkNoSetup(work) {
  const failures = []
  const runs = [
    {
      name: 'jest-cjs',
      config: ['jest.nosetup.config.js', "module.exports = { testEnvironment: 'jsdom', testMatch: ['**/nosetup.check.js'] }\n"],
      test: ['nosetup.check.js', NO_SETUP_CJS],
      command: [npx, ['jest', '--ci', '-c', 'jest.nosetup.config.js']],
      line: "setupFilesAfterEnv: ['taro-save-to-album/testing/jest']",
    },
    {
      name: 'vitest-esm',
      config: ['vitest.nosetup.config.mjs', "export default { test: { environment: 'jsdom', include: ['nosetup.check.js'] } }\n"],
      test: ['nosetup.check.js', NO_SETUP_ESM],
      command: [npx, ['vitest', 'run', '-c', 'vitest.nosetup.config.mjs']],
      line: "plugins: [simulatedAlbum()] from 'taro-save-to-album/testing/vitest'",
    },
  ]
  for (const { name, config, test, command, line } of runs) {
    const project = join(work, name)
    writeFileSync(join(project, config[0]), config[1])
    writeFileSync(join(project, test[0]), test[1])
    const [passed, log] = attempt(command[0], command[1], project)
    if (passed || !log.includes(line)) failures.push(`${log}\n✖ ${name}: simulateAlbum() without the setup does not fail saying to add ${line}`)
    else console.log(`ok    ${name}: without the setup, simulateAlbum() fails saying to add ${line}`)
  }
  return failures
}
