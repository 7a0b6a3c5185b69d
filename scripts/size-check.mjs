// The bundle budget (issue 12): `useSaveToAlbum` imported alone, for weapp, min+gzip, must stay
// within BUDGET bytes, measured from the built dist/ as scripts/size-lib.mjs measures it (what a
// consumer's production build keeps). Exits 1 when over budget or when dist/ is older than
// src/. `npm run size:check` builds first; after a build, `node scripts/size-check.mjs` alone.
import { assertFreshDist, BUDGET, entrySizes } from './size-lib.mjs'

try {
  assertFreshDist()
} catch (e) {
  console.error(`size:check: ${e.message}`)
  process.exit(1)
}
const { gzip, min } = (await entrySizes(['weapp'], ['useSaveToAlbum'])).useSaveToAlbum.weapp
const verdict = gzip <= BUDGET ? 'within' : 'OVER'
console.log(`size:check: useSaveToAlbum alone, weapp: ${gzip} B min+gzip (${min} B min), ${verdict} the ${BUDGET} B budget`)
if (gzip > BUDGET) {
  console.error(`size:check: ${gzip - BUDGET} B over budget; \`npm run bench\` shows where the bytes go (whereBytesGo in bench/results.json).`)
  process.exit(1)
}
