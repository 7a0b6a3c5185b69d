// `npm install` (or `npm ci`) at the root also installs the demo apps, example/ (React) and
// example-vue/ (Vue 3), each its own Taro project with its own lockfile. Run as `prepare`, which
// npm never runs when the published package is installed from the registry; skipped for
// `npm pack`, and guarded so an app's link back to `..` cannot recurse. There, the same command
// as at the root: `npm ci` installs exactly the lockfile.
// The registry mirror holds only the @tarojs/binding-* optional package for linux-x64, so npm
// never writes the other platforms' entries itself; the lockfile carries them by hand (resolved
// on registry.npmjs.org, os/cpu set, optional), which `npm ci` needs and skips off their platform
// and `npm install` keeps byte for byte.
// Their .npmrc sets legacy-peer-deps as the root's .npmrc does (Taro's 4.2.0 platform plugins
// pin 4.2.0 peers), so each lockfile is the same whether its app is installed from here or alone.
const { execSync } = require('node:child_process')
const { existsSync } = require('node:fs')
const { join } = require('node:path')

const env = process.env
const rootInstall = env.npm_command === 'install' || env.npm_command === 'ci'
for (const app of ['example', 'example-vue']) {
  const dir = join(__dirname, '..', app)
  if (rootInstall && !env.SAVE_TO_ALBUM_EXAMPLE && existsSync(join(dir, 'package.json'))) {
    execSync(`npm ${env.npm_command} --no-audit --no-fund`, { cwd: dir, stdio: 'inherit', env: { ...env, SAVE_TO_ALBUM_EXAMPLE: '1' } })
  }
}
