// The bundle gate, run by `npm test`: `useSaveToAlbum` imported alone, for weapp,
// min+gzip, measured from the built dist/ as scripts/size-lib.mjs measures it (what a consumer's
// production build keeps). Fails when over CEILING (the size reached so far: nothing may grow it)
// and says how far the README's BUDGET (Performance) still is; exits 1 when dist/ is older than src/.
// `npm run size:check` builds first; after a build, `node scripts/size-check.mjs` alone.
import { assertFreshDist, BUDGET, CEILING, entrySizes } from './size-lib.mjs'

try {
  assertFreshDist()
} catch (e) {
  console.error(`size:check: ${e.message}`)
  process.exit(1)
}
const { gzip, min } = (await entrySizes(['weapp'], ['useSaveToAlbum'])).useSaveToAlbum.weapp
const budget = gzip <= BUDGET ? `within the ${BUDGET} B budget` : `${gzip - BUDGET} B over the ${BUDGET} B budget (README, Performance)`
console.log(`size:check: useSaveToAlbum alone, weapp: ${gzip} B min+gzip (${min} B min); ceiling ${CEILING} B; ${budget}`)
if (gzip > CEILING) {
  console.error(`size:check: ${gzip - CEILING} B over the ceiling: this change grows what every app keeps; \`npm run bench\` shows where the bytes go (whereBytesGo in bench/results.json).`)
  process.exit(1)
}
