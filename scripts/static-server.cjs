// A small static server for the example's H5 build (used by scripts/demo.mjs and the e2e tests).
// CommonJS so Jest can require it without ESM support.
const { createServer } = require('node:http')
const { createReadStream, existsSync, statSync } = require('node:fs')
const { extname, join, normalize, sep } = require('node:path')

const exampleDir = join(__dirname, '..', 'example')
const H5_DIST = join(exampleDir, 'dist', 'h5')
/** The committed sample image, served at /sample.png (the build also copies it there). */
const SAMPLE_IMAGE = join(exampleDir, 'src', 'assets', 'sample.png')
/** The nine tiles of the demo's photo grid, served at /grid/0.png … /grid/8.png. */
const GRID_IMAGES = Array.from({ length: 9 }, (_, i) => join(exampleDir, 'src', 'assets', 'grid', `${i}.png`))
/** The committed sample clip (an H.264 MP4, scripts/make-sample-video.mjs), served at /sample.mp4. */
const SAMPLE_VIDEO = join(exampleDir, 'src', 'assets', 'sample.mp4')
/** What the demo serves from its own assets when the build does not hold it: path → file. */
const ASSETS = {
  '/sample.png': SAMPLE_IMAGE,
  '/sample.mp4': SAMPLE_VIDEO,
  ...Object.fromEntries(GRID_IMAGES.map((file, i) => [`/grid/${i}.png`, file])),
}

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
  '.mp4': 'video/mp4',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
}

/** The size of `file` if it is a file now; undefined if it is missing or not a file. */
function fileSize(file) {
  const stat = statSync(file, { throwIfNoEntry: false })
  return stat?.isFile() ? stat.size : undefined
}

/**
 * Serves `root` (default example/dist/h5) on host:port (0 = any free port). `/sample.png`,
 * `/sample.mp4` and `/grid/0.png` … `/grid/8.png` fall back to the demo's committed assets;
 * paths without an extension get index.html; anything missing (index.html too) is a 404.
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
    const notFound = () => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found')
      done(404)
    }
    // The build can change under the server (`taro build` empties dist/h5 first): a file checked
    // a moment ago may be gone now, which is a 404 like any other missing file.
    const send = (file) => {
      const size = fileSize(file)
      if (size === undefined) return notFound()
      res.writeHead(200, {
        'content-type': TYPES[extname(file).toLowerCase()] || 'application/octet-stream',
        'content-length': size,
        'cache-control': 'no-cache',
      })
      if (req.method === 'HEAD') res.end()
      else createReadStream(file).on('error', () => res.destroy()).pipe(res)
      done(200)
    }
    const file = normalize(join(root, pathname))
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end('forbidden')
      return done(403)
    }
    if (fileSize(file) !== undefined) return send(file)
    if (Object.prototype.hasOwnProperty.call(ASSETS, pathname)) return send(ASSETS[pathname])
    if (pathname === '/' || !extname(pathname)) return send(join(root, 'index.html'))
    notFound()
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

module.exports = { startServer, SAMPLE_IMAGE, SAMPLE_VIDEO, GRID_IMAGES, H5_DIST }
