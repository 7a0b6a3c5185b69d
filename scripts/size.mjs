// Reports what a consumer's build keeps of the package, min+gzip: each entry imported on its own
// (useSaveToAlbum, saveToAlbum, saveAll, SaveToAlbumButton, and the Vue useSaveToAlbum from
// taro-save-to-album/vue) for each target with its own adapter, bundled from dist/ with TARO_ENV
// and NODE_ENV=production defined as Taro's DefinePlugin does, React, Vue and @tarojs/* external
// (scripts/size-lib.mjs). `npm run size` builds
// first; `npm run size:check` fails when the budget is exceeded.
import { assertFreshDist, BUDGET, ENTRIES, entrySizes, TARGETS } from './size-lib.mjs'

assertFreshDist()
const sizes = await entrySizes(TARGETS, ENTRIES)
const cell = (s) => (s ? `${s.gzip} B`.padStart(8) : 'n/a'.padStart(8))
console.log(`min+gzip          ${TARGETS.map((t) => t.padStart(8)).join(' ')}`)
for (const name of ENTRIES) console.log(`${name.padEnd(22)}${TARGETS.map((t) => cell(sizes[name][t])).join(' ')}`)
console.log(`\nBudget: useSaveToAlbum alone for weapp ≤ ${BUDGET} B (npm run size:check).`)
