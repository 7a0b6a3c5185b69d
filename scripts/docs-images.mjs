// `npm run docs:images`: the only way docs/images/*.png change. The e2e run writes its screenshots
// under .e2e-artifacts/ (gitignored), never into docs/, so `npm test` leaves a clone clean; this
// script builds the package and the demo's H5 target, runs the two Chromium suites that take the
// docs' screenshots, and copies those into docs/images, to be reviewed and committed.
//   npm run docs:images
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..')
const TAKEN = join(ROOT, '.e2e-artifacts', 'docs-images')
const DOCS_IMAGES = join(ROOT, 'docs', 'images')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
const run = (command, args) => execFileSync(command, args, { cwd: ROOT, stdio: 'inherit' })

// Only this run's screenshots are copied: none left from an earlier one.
rmSync(TAKEN, { recursive: true, force: true })
run(npm, ['run', 'build'])
run(process.execPath, ['scripts/build-example.mjs', 'h5'])
run(npx, ['jest', '-c', 'e2e/jest.config.cjs', 'e2e/h5.test.ts', 'e2e/h5-media.test.ts'])

const images = existsSync(TAKEN) ? readdirSync(TAKEN).filter((f) => f.endsWith('.png')) : []
if (!images.length) throw new Error(`No screenshots in ${TAKEN}: the e2e suites did not take any`)
mkdirSync(DOCS_IMAGES, { recursive: true })
for (const image of images) {
  copyFileSync(join(TAKEN, image), join(DOCS_IMAGES, image))
  console.log(`docs/images/${image}`)
}
