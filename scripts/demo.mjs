// `npm run demo`: builds the example's H5 target and serves it on 127.0.0.1, with the sample
// image at /sample.png on the same origin so the URL flow works offline.
//   node scripts/demo.mjs [--no-build] [--port 8787]     (PORT=… works too; 0 = any free port)
// The server itself is scripts/static-server.cjs (the e2e tests use it too).
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { buildExample } from './build-example.mjs'

const require = createRequire(import.meta.url)
/** @type {typeof import('./static-server.cjs')} */
const { startServer, SAMPLE_IMAGE } = require('./static-server.cjs')
export { startServer, SAMPLE_IMAGE }

async function main() {
  const args = process.argv.slice(2)
  const portArg = args.indexOf('--port')
  const wanted = Number(portArg >= 0 ? args[portArg + 1] : (process.env.PORT ?? 8787))
  if (!args.includes('--no-build')) buildExample('h5')
  let srv
  try {
    srv = await startServer({ port: wanted })
  } catch (e) {
    if (e.code !== 'EADDRINUSE') throw e
    console.log(`Port ${wanted} is busy; using a free port.`)
    srv = await startServer({ port: 0 })
  }
  console.log('')
  console.log(`  taro-save-to-album 示例 / demo:  ${srv.url}`)
  console.log(`  示例图片 / sample image:          ${srv.url}sample.png`)
  console.log('')
  console.log('  微信开发者工具 / WeChat DevTools (本机，关闭域名校验 urlCheck:false):')
  console.log(`    TARO_APP_SAMPLE_URL=${srv.url}sample.png npm run demo:weapp`)
  console.log('    then import the folder example/ in DevTools.')
  console.log('')
  console.log('  Ctrl+C 退出 / to stop')
  const stop = () => srv.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`\n✖ ${e.message}`)
    process.exit(1)
  })
}
