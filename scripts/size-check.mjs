// The bundle gate, run by `npm test`: `useSaveToAlbum` imported alone, for weapp and for H5,
// min+gzip, measured from the built dist/ as scripts/size-lib.mjs measures it (what a consumer's
// production build keeps). Fails when either is over its ceiling (the size reached so far: nothing
// may grow it) and says how far the README's weapp BUDGET (docs/performance.md) still is; exits 1
// when dist/ is older than src/. `npm run size:check` builds first; after a build,
// `node scripts/size-check.mjs` alone.
import { assertFreshDist, BUDGET, CEILING, entrySizes, H5_CEILING } from './size-lib.mjs'

try {
  assertFreshDist()
} catch (e) {
  console.error(`size:check: ${e.message}`)
  process.exit(1)
}
const sizes = (await entrySizes(['weapp', 'h5'], ['useSaveToAlbum'])).useSaveToAlbum
let over = false
for (const [target, ceiling] of [['weapp', CEILING], ['h5', H5_CEILING]]) {
  const { gzip, min } = sizes[target]
  const budget = target !== 'weapp' ? '' : gzip <= BUDGET ? `; within the ${BUDGET} B budget` : `; ${gzip - BUDGET} B over the ${BUDGET} B budget (docs/performance.md)`
  console.log(`size:check: useSaveToAlbum alone, ${target}: ${gzip} B min+gzip (${min} B min); ceiling ${ceiling} B${budget}`)
  if (gzip > ceiling) {
    console.error(`size:check: ${target} is ${gzip - ceiling} B over its ceiling: this change grows what every app keeps; \`npm run bench\` shows where the bytes go (whereBytesGo in bench/results.json).`)
    over = true
  }
}
if (over) process.exit(1)
