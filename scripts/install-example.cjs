// `npm install` (or `npm ci`) at the root also installs the demo app in example/ (its own Taro
// project). Run as `prepare`, which npm never runs when the published package is installed from
// the registry; skipped for `npm pack`, and guarded so the example's link back to `..` cannot
// recurse. There, the same command as at the root: `npm ci` installs exactly the lockfile.
// The registry mirror holds only the @tarojs/binding-* optional package for linux-x64, so npm
// never writes the other platforms' entries itself; the lockfile carries them by hand (resolved
// on registry.npmjs.org, os/cpu set, optional), which `npm ci` needs and skips off their platform
// and `npm install` keeps byte for byte.
// example/.npmrc sets legacy-peer-deps as the root's .npmrc does (Taro's 4.2.0 platform plugins
// pin 4.2.0 peers), so the lockfile is the same whether example/ is installed from here or alone.
const { execSync } = require('node:child_process')
const { existsSync } = require('node:fs')
const { join } = require('node:path')

const env = process.env
const example = join(__dirname, '..', 'example')
const rootInstall = env.npm_command === 'install' || env.npm_command === 'ci'
if (rootInstall && !env.SAVE_TO_ALBUM_EXAMPLE && existsSync(join(example, 'package.json'))) {
  execSync(`npm ${env.npm_command} --no-audit --no-fund`, { cwd: example, stdio: 'inherit', env: { ...env, SAVE_TO_ALBUM_EXAMPLE: '1' } })
}
