// A Taro 3.6 + React 18 project installs the packed package with no peer error, and every
// TypeScript block of README.md and docs/*.md (check-readme.mjs's documents) type-checks there, against Taro 3.6's own types (issue 17, part 2).
// Run by `npm run test:dist` after `npm run build`; needs the registry (about 30 s of install).
//
// The project is e2e/consumers/taro36 (its package.json and an .npmrc that turns the root's
// legacy-peer-deps off), copied into a temporary folder; `npm pack` makes the tarball a consumer
// would download, and `npm install <tarball>` there fails on a peer conflict as it would for them.
//
//   node scripts/check-consumer.mjs [file.md …]
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CONSUMER_OPTIONS, documents, typeScriptBlocks } from './check-readme.mjs'
import { checkTestKit } from './check-test-kit.mjs'
import { checkVueConsumer } from './check-vue-consumer.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const CONSUMER = join(ROOT, 'e2e', 'consumers', 'taro36')
const require = createRequire(import.meta.url)
const ts = require('typescript')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

/** A failed check: what to print, then the verdict. */
class Failed extends Error {}

/** Runs npm in `cwd`; returns its output, or fails with it. */
function run(args, cwd) {
  try {
    return execFileSync(npm, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  } catch (e) {
    throw new Failed(`${e.stdout ?? ''}${e.stderr ?? ''}\n✖ npm ${args.join(' ')} failed in the Taro 3.6 consumer project`)
  }
}

const paths = process.argv.length > 2 ? process.argv.slice(2).map((p) => join(process.cwd(), p)) : documents()
const work = realpathSync(mkdtempSync(join(tmpdir(), 'save-to-album-taro36-')))
const project = join(work, 'project')
try {
  // --ignore-scripts: dist/ is built already, and `prepare` would install example/.
  const tarball = join(work, run(['pack', '--ignore-scripts', '--silent', '--pack-destination', work], ROOT).trim().split('\n').pop())
  mkdirSync(project)
  for (const file of ['package.json', '.npmrc']) copyFileSync(join(CONSUMER, file), join(project, file))
  const installed = run(['install', '--no-audit', '--no-fund', tarball], project)
  // npm only warns about a dependency's own peers: none of those may name this package either.
  const warnings = installed.split('\n').filter((line) => /peer/i.test(line) && /taro-save-to-album/.test(line))
  if (warnings.length) throw new Failed(`${warnings.join('\n')}\n✖ installing the packed package into a Taro 3.6 project warns about its peers`)
  const taro = JSON.parse(readFileSync(join(project, 'node_modules', '@tarojs', 'taro', 'package.json'), 'utf8')).version
  if (!taro.startsWith('3.6.')) throw new Error(`the consumer project has @tarojs/taro ${taro}, not 3.6`)

  const { files } = typeScriptBlocks(paths)
  if (!files.size) throw new Error(`no ts/tsx blocks in ${paths.join(', ')}`)
  for (const [file, block] of files) writeFileSync(join(project, file), block.code)
  const { options } = ts.convertCompilerOptionsFromJson(CONSUMER_OPTIONS, project)
  const resolved = ts.resolveModuleName('taro-save-to-album', join(project, 'index.tsx'), options, ts.sys).resolvedModule
  if (!resolved || !resolved.resolvedFileName.startsWith(join(project, 'node_modules', 'taro-save-to-album', 'dist'))) {
    throw new Error(`taro-save-to-album resolved to ${resolved?.resolvedFileName ?? 'nothing'}, not the installed package's dist/`)
  }
  const program = ts.createProgram([...files.keys()].map((f) => join(project, f)), options)
  const problems = ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n')
    const block = d.file && files.get(relative(project, d.file.fileName))
    if (!block) return `${d.file ? relative(project, d.file.fileName) : 'tsconfig'}: TS${d.code}: ${message}`
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start ?? 0)
    return `${block.doc}:${block.line + 1 + line}:${character + 1}: TS${d.code}: ${message}`
  })
  if (problems.length) throw new Failed(`${problems.join('\n')}\n\n✖ code blocks of the README and docs do not compile in a Taro ${taro} + React 18 project (${problems.length} error(s)).`)
  console.log(`ok    the packed package installs into a Taro ${taro} + React 18 project with no peer error; ${files.size} blocks of the README and docs compile there`)
  // The same tarball, in the projects that test their screens with taro-save-to-album/testing.
  // And in a Vue-only project: no React installed or warned about, its ```vue blocks checked by vue-tsc.
  const failures = [...checkTestKit(tarball, work), ...checkVueConsumer(tarball, work, paths)]
  if (failures.length) throw new Failed(failures.join('\n\n'))
} catch (e) {
  if (!(e instanceof Failed)) throw e
  console.error(e.message)
  process.exitCode = 1
} finally {
  rmSync(work, { recursive: true, force: true })
}
