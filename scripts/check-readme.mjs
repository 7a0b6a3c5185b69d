// Every TypeScript block in README.md and in the pages it links to (docs/*.md, example/README.md)
// compiles against the built package, as a consumer's Taro project would compile it (issue 8,
// point 13; issue 18, point 5). Run by `npm run test:e2e` after `npm run build`; exits 1 and names
// the file and line of each error.
//
// Each ```ts / ```tsx block is written as its own module into a temporary consumer project whose
// node_modules links taro-save-to-album to this repository (so it resolves through package.json's
// "exports" to dist/), and react, @types/react, @tarojs/taro and @tarojs/components to the root's
// node_modules. The tsconfig is the one the README names: strict, moduleResolution "bundler",
// module "esnext", jsx "react-jsx", skipLibCheck. Blocks in a shell language or untagged
// (diagrams) are not code; any other language fails, so a new kind of block is not silently skipped.
//
//   node scripts/check-readme.mjs [file.md …]   (default: every document, see `documents()`)
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const ts = require('typescript')

/** Block languages that are type-checked, and the file extension each is written with. */
const CHECKED = { ts: 'ts', typescript: 'ts', tsx: 'tsx' }
/** Block languages that are not TypeScript and are left alone. */
const NOT_CODE = new Set(['', 'bash', 'sh', 'shell', 'console', 'text'])
/** Vue single-file components: type-checked with vue-tsc in a Vue-only project by check-vue-consumer.mjs. */
const CHECKED_ELSEWHERE = new Set(['vue'])

/** The tsconfig a Taro consumer project would have, as the README states it. */
export const CONSUMER_OPTIONS = {
  strict: true,
  target: 'es2020',
  module: 'esnext',
  moduleResolution: 'bundler',
  jsx: 'react-jsx',
  skipLibCheck: true,
  noEmit: true,
  // Every block is a module of its own, even one without import/export.
  moduleDetection: 'force',
}

/** The packages a consumer has installed, linked from the root's node_modules. */
// Testing Library and jest's types: the section on testing screens with taro-save-to-album/testing.
const CONSUMER_DEPENDENCIES = ['react', '@types/react', '@tarojs/taro', '@tarojs/components', '@testing-library/react', '@testing-library/dom', '@types/jest']

/**
 * The fenced code blocks of a Markdown text: language, 1-based line of the opening fence, and
 * the code (with the fence's indentation removed).
 */
export function codeBlocks(markdown) {
  const lines = markdown.split('\n')
  const blocks = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i])
    if (!open) continue
    const [, indent, fence, lang] = open
    const body = []
    let j = i + 1
    while (j < lines.length && !new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`).test(lines[j])) {
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j].trimStart())
      j++
    }
    if (j === lines.length) throw new Error(`line ${i + 1}: code block never closed`)
    blocks.push({ lang: lang.toLowerCase(), line: i + 1, code: body.join('\n') + '\n' })
    i = j
  }
  return blocks
}

/**
 * The documents whose code blocks are checked: the README, the demo's README, and every page of
 * docs/ (a page added there is checked without being listed here).
 */
export function documents() {
  const docs = join(ROOT, 'docs')
  const pages = readdirSync(docs).filter((f) => f.endsWith('.md')).sort().map((f) => join(docs, f))
  return [join(ROOT, 'README.md'), join(ROOT, 'example', 'README.md'), ...pages]
}

/**
 * The ts/tsx blocks of `paths`, each under the name of the file it is written to
 * (`docs-usage.md-line-12.tsx`), and a problem for each block in a language that is neither
 * checked nor known not to be code. The README must have code: none means its Markdown broke.
 */
export function typeScriptBlocks(paths) {
  const problems = []
  const files = new Map() // file → block, with `doc` the document's name
  for (const path of paths) {
    const doc = relative(ROOT, path) || path
    const blocks = codeBlocks(readFileSync(path, 'utf8'))
    let found = 0
    for (const block of blocks) {
      if (NOT_CODE.has(block.lang) || CHECKED_ELSEWHERE.has(block.lang)) continue
      const ext = CHECKED[block.lang]
      if (!ext) {
        problems.push(`${doc}:${block.line}: a \`\`\`${block.lang} block: tag it ts, tsx or vue (it is then type-checked) or bash/text`)
        continue
      }
      found++
      files.set(`${doc.replace(/[\\/]/g, '-')}-line-${block.line}.${ext}`, { ...block, doc })
    }
    if (!found && doc === 'README.md') problems.push(`${doc}: no ts/tsx blocks found (is the README's Markdown broken?)`)
  }
  return { files, problems }
}

/** A consumer project in a temporary folder; returns its path. */
function makeConsumer() {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'save-to-album-readme-')))
  const modules = join(dir, 'node_modules')
  mkdirSync(join(modules, '@types'), { recursive: true })
  mkdirSync(join(modules, '@tarojs'))
  symlinkSync(ROOT, join(modules, 'taro-save-to-album'), 'dir')
  mkdirSync(join(modules, '@testing-library'))
  for (const name of CONSUMER_DEPENDENCIES) symlinkSync(join(ROOT, 'node_modules', name), join(modules, name), 'dir')
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'readme-consumer', private: true, type: 'module' }))
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: CONSUMER_OPTIONS }, null, 2))
  return dir
}

/** Type-checks the blocks of `paths`; returns the problems as `<file>:<line>: …` strings. */
export function checkReadme(paths = documents()) {
  const { files, problems } = typeScriptBlocks(paths)
  if (files.size === 0 || problems.length) return { problems, checked: 0 }

  const dir = makeConsumer()
  try {
    for (const [file, block] of files) writeFileSync(join(dir, file), block.code)
    const { options, errors } = ts.convertCompilerOptionsFromJson(CONSUMER_OPTIONS, dir)
    if (errors.length) throw new Error(ts.formatDiagnostics(errors, formatHost(dir)))

    // The package must resolve the way a consumer's does: through "exports" to the built types.
    const resolved = ts.resolveModuleName('taro-save-to-album', join(dir, 'index.tsx'), options, ts.sys).resolvedModule
    const expected = join(ROOT, 'dist', 'index.d.mts')
    if (!resolved || realpathSync(resolved.resolvedFileName) !== expected) {
      problems.push(`taro-save-to-album resolved to ${resolved?.resolvedFileName ?? 'nothing'}, expected ${expected} (run \`npm run build\`)`)
      return { problems, checked: 0 }
    }

    const program = ts.createProgram([...files.keys()].map((f) => join(dir, f)), options)
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const message = ts.flattenDiagnosticMessageText(d.messageText, '\n')
      const block = d.file && files.get(relative(dir, d.file.fileName))
      if (!block) {
        problems.push(`${d.file ? d.file.fileName : 'tsconfig'}: TS${d.code}: ${message}`)
        continue
      }
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start ?? 0)
      // +1: the block's code starts on the line after its opening fence.
      problems.push(`${block.doc}:${block.line + 1 + line}:${character + 1}: TS${d.code}: ${message}`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const where = (p) => /^([^:]*):(\d+)/.exec(p) ?? ['', '', '0']
  const order = (x, y) => where(x)[1].localeCompare(where(y)[1]) || Number(where(x)[2]) - Number(where(y)[2])
  return { problems: problems.sort(order), checked: files.size }
}

function formatHost(dir) {
  return { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => '\n' }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const paths = process.argv.length > 2 ? process.argv.slice(2).map((p) => join(process.cwd(), p)) : documents()
  const { problems, checked } = checkReadme(paths)
  if (problems.length) {
    console.error(problems.join('\n'))
    console.error(`\n✖ code blocks of the README and docs do not compile against the built package (${problems.length} error(s)).`)
    process.exit(1)
  }
  console.log(`ok    ${checked} ts/tsx blocks in ${paths.map((p) => relative(ROOT, p)).join(', ')} compile against dist/ (strict, moduleResolution bundler)`)
}
