// Reports what a consumer's build keeps of the package, min+gzip: each entry imported on its own
// (useSaveToAlbum, saveToAlbum, saveAll, SaveToAlbumButton) for each target with its own adapter,
// bundled from dist/index.mjs with TARO_ENV and NODE_ENV=production defined as Taro's
// DefinePlugin does, React and @tarojs/* external (scripts/size-lib.mjs). `npm run size` builds
// first; `npm run size:check` fails when the budget is exceeded.
import { assertFreshDist, BUDGET, ENTRIES, entrySizes, TARGETS } from './size-lib.mjs'

assertFreshDist()
const sizes = await entrySizes(TARGETS, ENTRIES)
const cell = (s) => (s ? `${s.gzip} B`.padStart(8) : 'n/a'.padStart(8))
console.log(`min+gzip      ${TARGETS.map((t) => t.padStart(8)).join(' ')}`)
for (const name of ENTRIES) console.log(`${name.padEnd(18)}${TARGETS.map((t) => cell(sizes[name][t])).join(' ')}`)
console.log(`\nBudget: useSaveToAlbum alone for weapp ≤ ${BUDGET} B (npm run size:check).`)
