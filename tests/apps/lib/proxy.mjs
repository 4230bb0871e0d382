// The TLS front door: one HTTPS listener on loopback that answers for every evaluation host and
// passes each request to that app's own loopback port, as a load balancer in front of a real
// deployment would (X-Forwarded-Proto/Host/For set). Chromium maps every host to this port with
// --host-resolver-rules, so pages see their real https origin in `location`.
import { createServer } from 'node:https';
import { request } from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function certificate(dir, hosts) {
  mkdirSync(dir, { recursive: true });
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  const sanFile = join(dir, 'san.txt');
  const san = `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}`;
  if (!existsSync(key) || !existsSync(cert) || !existsSync(sanFile) || readFileSync(sanFile, 'utf8') !== san) {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
      '-days', '30', '-subj', '/CN=eval-apps', '-addext', san], { stdio: 'ignore' });
    execFileSync('bash', ['-c', `printf '%s' "$1" > "$2"`, '_', san, sanFile]);
  }
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

/**
 * Starts the proxy. `routes` maps a host name to the backend port on 127.0.0.1; `callbacks` are hosts
 * of OAuth client applications, answered with a plain "you can close this window" page.
 */
export async function startProxy({ routes, callbacks = new Set(), port, certDir }) {
  const hosts = [...Object.keys(routes), ...callbacks];
  const server = createServer(certificate(certDir, hosts), (req, res) => {
    const host = (req.headers.host || '').replace(/:\d+$/, '').toLowerCase();
    if (callbacks.has(host)) {
      // An OAuth client's redirect URI: the client application itself is not part of the evaluation.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end('<!doctype html><title>Signed in</title><p>You can close this window.</p>');
      return;
    }
    const backend = routes[host];
    if (!backend) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`no app for ${host}`);
      return;
    }
    const headers = { ...req.headers, host, 'x-forwarded-proto': 'https', 'x-forwarded-host': host,
      'x-forwarded-for': req.socket.remoteAddress || '127.0.0.1', 'x-forwarded-port': '443', 'x-scheme': 'https' };
    const up = request({ host: '127.0.0.1', port: backend, method: req.method, path: req.url, headers }, (r) => {
      // Absolute redirects to the backend's own address are rewritten to the public origin.
      const out = { ...r.headers };
      if (out.location) out.location = String(out.location).replace(/^http:\/\/(127\.0\.0\.1|localhost):\d+/, `https://${host}`).replace(new RegExp(`^http://${host.replace(/\./g, '\\.')}(:\\d+)?`), `https://${host}`);
      res.writeHead(r.statusCode || 502, out);
      r.pipe(res);
    });
    up.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`backend ${host} (${backend}) failed: ${e.message}`);
    });
    req.pipe(up);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return { port: server.address().port, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }) };
}
