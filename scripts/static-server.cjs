// A small static server for the example's H5 build (used by scripts/demo.mjs and the e2e tests).
// CommonJS so Jest can require it without ESM support.
const { createServer } = require('node:http')
const { createReadStream, existsSync, statSync } = require('node:fs')
const { extname, join, normalize, sep } = require('node:path')

const exampleDir = join(__dirname, '..', 'example')
const H5_DIST = join(exampleDir, 'dist', 'h5')
/** The committed sample image, served at /sample.png (the build also copies it there). */
const SAMPLE_IMAGE = join(exampleDir, 'src', 'assets', 'sample.png')

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
}

/**
 * Serves `root` (default example/dist/h5) on host:port (0 = any free port). `/sample.png`
 * falls back to the committed sample image; paths without an extension get index.html.
 * Resolves { url, port, server, close }.
 */
function startServer({ root = H5_DIST, host = '127.0.0.1', port = 0, log = false } = {}) {
  if (!existsSync(join(root, 'index.html'))) {
    return Promise.reject(
      new Error(`No H5 build in ${root}: run \`npm run build && npm run build:example\` (or \`npm run demo\`).`),
    )
  }
  const server = createServer((req, res) => {
    let pathname
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname)
    } catch {
      res.writeHead(400).end('bad request')
      return
    }
    const done = (status) => log && console.log(`${req.method} ${pathname} ${status}`)
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end()
      return done(405)
    }
    const send = (file) => {
      res.writeHead(200, {
        'content-type': TYPES[extname(file).toLowerCase()] || 'application/octet-stream',
        'content-length': statSync(file).size,
        'cache-control': 'no-cache',
      })
      if (req.method === 'HEAD') res.end()
      else createReadStream(file).pipe(res)
      done(200)
    }
    const file = normalize(join(root, pathname))
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end('forbidden')
      return done(403)
    }
    if (existsSync(file) && statSync(file).isFile()) return send(file)
    if (pathname === '/sample.png') return send(SAMPLE_IMAGE)
    if (pathname === '/' || !extname(pathname)) return send(join(root, 'index.html'))
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found')
    done(404)
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      const actual = server.address().port
      resolve({
        url: `http://${host}:${actual}/`,
        port: actual,
        server,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.()
            server.close(() => r())
          }),
      })
    })
  })
}

module.exports = { startServer, SAMPLE_IMAGE, H5_DIST }
