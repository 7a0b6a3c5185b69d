// `npm install` at the root also installs the demo app in example/ (its own Taro project).
// Run as `prepare`, which npm never runs when the published package is installed from the
// registry; skipped for `npm pack`, and guarded so the example's link back to `..` cannot recurse.
const { execSync } = require('node:child_process')
const { existsSync } = require('node:fs')
const { join } = require('node:path')

const env = process.env
const example = join(__dirname, '..', 'example')
if (env.npm_command === 'install' && !env.SAVE_TO_ALBUM_EXAMPLE && existsSync(join(example, 'package.json'))) {
  execSync('npm install --no-audit --no-fund', { cwd: example, stdio: 'inherit', env: { ...env, SAVE_TO_ALBUM_EXAMPLE: '1' } })
}
