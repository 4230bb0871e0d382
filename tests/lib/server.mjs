// A local HTTPS server that answers for real-looking origins. Chromium is started with
// --host-resolver-rules mapping those hosts to this server, so pages see the real host in
// `location` (see shared TOOLCHAIN.md). Routes come from the corpus labels (host + path + query →
// file) plus `www/` for every other request.
import { createServer } from 'node:https';
import { createServer as createHttpServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { ROOT } from './corpus.mjs';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml', '.wasm': 'application/wasm' };

/** A throw-away self-signed certificate under target/ (Chromium runs with --ignore-certificate-errors). */
export function testCertificate() {
  const dir = join(ROOT, 'target', 'e2e');
  mkdirSync(dir, { recursive: true });
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  if (!existsSync(key) || !existsSync(cert)) {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', '/CN=lastgate-test'], { stdio: 'ignore' });
  }
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

function serveFile(res, file, headers = {}) {
  res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store', ...headers });
  res.end(readFileSync(file));
}

function staticFile(root, pathname) {
  const rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  let file = join(root, rel);
  if (!file.startsWith(root + sep) && file !== root) return null;
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  return existsSync(file) ? file : null;
}

/**
 * Starts the server. `routes` maps `host + pathname + search` to a file (or to a request handler
 * `(req, res) => …`, for pages that must arrive slowly); `mounts` maps a path
 * prefix to a directory (checked before `www`). A request carrying the
 * header `x-test-csp` gets that value as its Content-Security-Policy (how test 3 serves the token
 * page under `script-src 'self'`).
 */
export async function startServer({ routes = new Map(), www = join(ROOT, 'www'), mounts = {}, port = 0, tls = true } = {}) {
  const handler = (req, res) => {
    const url = new URL(req.url, `https://${req.headers.host || 'localhost'}`);
    const host = (req.headers.host || '').replace(/:\d+$/, '');
    const headers = {};
    if (req.headers['x-test-csp']) headers['content-security-policy'] = String(req.headers['x-test-csp']);
    const routed = routes.get(host + url.pathname + url.search) || routes.get(host + url.pathname);
    if (typeof routed === 'function') return routed(req, res); // a test's own handler (slow pages)
    if (routed) return serveFile(res, routed, headers);
    // `mounts` serve other directories under a path prefix ({'/portal/': 'dist/portal'}).
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (!url.pathname.startsWith(prefix)) continue;
      const mounted = staticFile(dir, url.pathname.slice(prefix.length - 1));
      if (mounted) return serveFile(res, mounted, headers);
    }
    const file = staticFile(www, url.pathname);
    if (file) return serveFile(res, file, headers);
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  };
  const server = tls ? createServer(testCertificate(), handler) : createHttpServer(handler);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return { server, port: server.address().port, close: () => new Promise((r) => server.close(r)) };
}

/** Routes for every corpus page at its labelled URL. Pages of one single-page app share a URL
 * (its routes are in the fragment, which the server never sees): the first page listed keeps it,
 * so a test that names an older page gets that page; tests/lib/agreement.mjs re-points the route for each
 * page it visits. */
export function corpusRoutes(pages) {
  const routes = new Map();
  for (const p of pages) {
    const u = new URL(p.url);
    const key = u.hostname + u.pathname + u.search;
    if (!routes.has(key)) routes.set(key, p.path);
  }
  return routes;
}
