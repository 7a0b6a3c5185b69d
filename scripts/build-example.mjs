// Builds the demo app in example/ for the given Taro targets (h5, weapp), in production mode.
//   node scripts/build-example.mjs h5 weapp
// Needs example/node_modules (the root postinstall installs it) and the package's dist
// (`npm run build` at the root): the example imports taro-save-to-album like a user would.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..')
export const exampleDir = join(root, 'example')
export const distDir = (target) => join(exampleDir, 'dist', target)

export function buildExample(target, extraEnv = {}) {
  const taroBin = join(exampleDir, 'node_modules', '@tarojs', 'cli', 'bin', 'taro')
  if (!existsSync(taroBin)) {
    throw new Error(
      'example/node_modules is missing: run `npm install` at the repository root ' +
        '(its postinstall installs the example), or `npm install --prefix example`.',
    )
  }
  if (!existsSync(join(root, 'dist'))) {
    throw new Error('The package is not built (no dist/): run `npm run build` at the repository root first.')
  }
  const started = Date.now()
  console.log(`[example] taro build --type ${target} …`)
  const res = spawnSync(process.execPath, [taroBin, 'build', '--type', target], {
    cwd: exampleDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production', ...extraEnv },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  const out = `${res.stdout || ''}${res.stderr || ''}`
  // Taro exits 0 on some compile errors: look for webpack's error banner as well.
  if (res.status !== 0 || /ERROR in |编译失败|Failed to compile/.test(out)) {
    process.stderr.write(out)
    throw new Error(`taro build --type ${target} failed (exit ${res.status})`)
  }
  const entry = target === 'h5' ? 'index.html' : 'app.js'
  if (!existsSync(join(distDir(target), entry))) {
    process.stderr.write(out)
    throw new Error(`taro build --type ${target} wrote no ${entry} in ${distDir(target)}`)
  }
  console.log(`[example] ${target} built in ${((Date.now() - started) / 1000).toFixed(1)} s → ${distDir(target)}`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const targets = process.argv.slice(2)
  if (!targets.length) targets.push('h5', 'weapp')
  try {
    for (const t of targets) buildExample(t)
    if (targets.includes('weapp')) {
      console.log('[example] WeChat DevTools: import the folder example/ (project.config.json → dist/weapp/).')
    }
  } catch (e) {
    console.error(`\n✖ ${e.message}`)
    process.exit(1)
  }
}
