// Firefox ESR (Debian's firefox-esr) driven through geckodriver — W3C WebDriver classic over plain
// HTTP, no client library — with Lastgate installed the way an enterprise installs it:
// /etc/firefox/policies/policies.json force-installs the xpi (ExtensionSettings, from a file://
// URL), lets the unsigned build in (Preferences: xpinstall.signatures.required=false, locked — ESR
// allows that, release Firefox does not) and hands the extension its managed policy
// (3rdparty.Extensions.<id>, which Firefox serves as browser.storage.managed).
//
// Firefox has no --host-resolver-rules: a local HTTP CONNECT proxy (network.proxy.* prefs) tunnels
// https://<corpus host>/ to the local test server and refuses every other host. Nor does it get
// --ignore-certificate-errors: the test server presents a certificate for the corpus hosts issued
// by a throw-away root CA that policies.json installs (Certificates.Install), as an enterprise
// installs its own root — certificate errors are not ignored.
//
// Every file written outside the repo (policies.json, and /etc/firefox{,/policies} when we made
// them) is removed after the test, on exit and on Ctrl-C. Firefox and geckodriver run with HOME and
// TMPDIR under target/firefox/, so the profile and caches stay there too.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { existsSync, mkdirSync, rmSync, rmdirSync, readFileSync, writeFileSync, accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ROOT } from './corpus.mjs';

export const FIREFOX = '/usr/bin/firefox-esr';
export const EXTENSION_ID = 'lastgate@lastgate.example';
export const POLICY_DIR = '/etc/firefox/policies';
export const POLICY_FILE = join(POLICY_DIR, 'policies.json');
export const OUT = join(ROOT, 'target', 'firefox');
const XPI = join(OUT, 'lastgate.xpi');
const E = 'element-6066-11e4-a52e-4f735466cecf'; // WebDriver's web element and shadow root keys
const S = 'shadow-6066-11e4-a52e-4f735466cecf';

/** geckodriver: $GECKODRIVER, on PATH, or where `cargo install` puts it. */
export function geckodriverPath() {
  const cargoBin = join(process.env.CARGO_HOME || join(process.env.HOME || '/root', '.cargo'), 'bin');
  const candidates = [process.env.GECKODRIVER];
  for (const dir of [...(process.env.PATH || '').split(':'), cargoBin]) if (dir) candidates.push(join(dir, 'geckodriver'));
  return candidates.find((p) => p && existsSync(p)) || '';
}

/** Whether `file` is a policies.json this test wrote (left behind by a killed run). */
function ours(file) {
  try {
    const p = JSON.parse(readFileSync(file, 'utf8')).policies;
    return p?.ExtensionSettings?.[EXTENSION_ID]?.install_url === `file://${XPI}`;
  } catch {
    return false;
  }
}

/** Why the Firefox test cannot run here, or '' when it can. */
export function firefoxUnavailable() {
  if (!existsSync(FIREFOX)) return `${FIREFOX} is missing (apt-get install firefox-esr; scripts/setup.sh does)`;
  if (!geckodriverPath()) return 'geckodriver is missing (cargo install geckodriver --locked; scripts/setup.sh does)';
  if (!existsSync(join(ROOT, 'dist', 'extension', 'manifest.json'))) return 'dist/extension is missing (make build)';
  if (process.getuid && process.getuid() !== 0) return `writing ${POLICY_FILE} needs root (the CI machine runs tests as root)`;
  if (existsSync(POLICY_FILE) && !ours(POLICY_FILE)) return `${POLICY_FILE} exists and is not this test's; not overwriting a real policy`;
  try {
    accessSync(existsSync(POLICY_DIR) ? POLICY_DIR : '/etc', constants.W_OK);
  } catch (e) {
    return `cannot write ${POLICY_DIR}: ${e.message}`;
  }
  return '';
}

/**
 * A throw-away root CA and a server certificate it issues for `hosts`, under target/firefox/pki/.
 * Returns the CA file (for Certificates.Install) and the server's key and certificate.
 */
export function enterpriseCertificates(hosts) {
  const dir = join(OUT, 'pki');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const f = (n) => join(dir, n);
  const ssl = (...args) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca-key.pem'), '-out', f('ca.pem'), '-days', '2',
    '-subj', '/CN=Lastgate test root CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('server-key.pem'), '-out', f('server.csr'), '-subj', `/CN=${hosts[0]}`);
  writeFileSync(f('server.ext'), [
    'basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', 'extendedKeyUsage=serverAuth',
    `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}`, '',
  ].join('\n'));
  ssl('x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca-key.pem'), '-CAcreateserial', '-days', '2',
    '-extfile', f('server.ext'), '-out', f('server.pem'));
  return { ca: f('ca.pem'), key: readFileSync(f('server-key.pem')), cert: readFileSync(f('server.pem')) };
}

/** dist/extension zipped as an xpi (unsigned). */
export function buildXpi() {
  mkdirSync(OUT, { recursive: true });
  rmSync(XPI, { force: true });
  execFileSync('zip', ['-qr', '-X', XPI, '.'], { cwd: join(ROOT, 'dist', 'extension') });
  return XPI;
}

// Files and directories written outside the repo, removed after the test, on exit and on Ctrl-C;
// and the process groups of geckodrivers still running then (geckodriver and the Firefox it started).
const written = new Set();
const madeDirs = [];
const groups = new Set();
function removeWritten() {
  for (const f of written) rmSync(f, { force: true });
  written.clear();
  while (madeDirs.length) {
    try { rmdirSync(madeDirs.pop()); } catch { /* not empty: someone else's now */ }
  }
}
function cleanup() {
  for (const pid of groups) {
    try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  groups.clear();
  removeWritten();
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { cleanup(); process.exit(130); });

/**
 * Writes /etc/firefox/policies/policies.json: force-install `xpi`, with `managed` as Lastgate's
 * managed policy, and trust the root CA in the file `ca`. Returns the function that removes it
 * (and the directories it made).
 */
export function writePolicies({ xpi, managed, ca }) {
  for (const d of ['/etc/firefox', POLICY_DIR]) {
    if (!existsSync(d)) { mkdirSync(d); madeDirs.push(d); }
  }
  const policies = {
    policies: {
      ExtensionSettings: { [EXTENSION_ID]: { installation_mode: 'force_installed', install_url: `file://${xpi}` } },
      '3rdparty': { Extensions: { [EXTENSION_ID]: managed } },
      Certificates: { Install: [ca] },
      // The build is unsigned. ESR (not release Firefox) lets policy turn the signature check off.
      Preferences: { 'xpinstall.signatures.required': { Value: false, Status: 'locked' } },
    },
  };
  written.add(POLICY_FILE);
  writeFileSync(POLICY_FILE, JSON.stringify(policies, null, 2));
  return removeWritten;
}

/** An HTTP CONNECT proxy tunnelling `hosts`:443 to 127.0.0.1:`port`; refuses everything else. */
export async function startProxy(hosts, port) {
  const allowed = new Set(hosts);
  const refused = [];
  const sockets = new Set();
  const server = createServer((req, res) => {
    refused.push(req.url);
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('the test proxy only tunnels https to the corpus hosts');
  });
  server.on('connect', (req, client, head) => {
    const [host, p] = req.url.split(':');
    if (!allowed.has(host) || p !== '443') {
      refused.push(req.url);
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: server.address().port,
    refused,
    close: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(r); }),
  };
}

/** Starts geckodriver on a free port; resolves when it listens. */
async function startGeckodriver(env, log, args = []) {
  // Its own process group, so that Firefox goes with it whatever happens to this test.
  const child = spawn(geckodriverPath(), ['--port', '0', '--binary', FIREFOX, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env, detached: true });
  groups.add(child.pid);
  child.once('exit', () => groups.delete(child.pid)); // its id may be reused from now on
  let out = '';
  const onData = (d) => { out += d; log.push(String(d)); };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`geckodriver did not start: ${out}`)), 15000);
    const check = () => {
      const m = out.match(/Listening on (?:127\.0\.0\.1|localhost|\[::1\]):(\d+)/);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`geckodriver exited (${code}): ${out}`)); });
  });
  return { child, port };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Launches headless Firefox ESR through geckodriver with the proxy on `proxyPort` and the prefs the
 * deployment needs. `systemAccess` lets WebDriver open the extension's own pages (moz-extension://),
 * which Marionette refuses otherwise.
 */
export async function launchFirefox({ proxyPort, uuid = randomUUID(), systemAccess = false }) {
  const log = [];
  const home = join(OUT, 'home');
  const tmp = join(OUT, 'tmp');
  rmSync(home, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  mkdirSync(tmp, { recursive: true });
  const env = { ...process.env, HOME: home, TMPDIR: tmp, XDG_CACHE_HOME: join(home, '.cache'), XDG_CONFIG_HOME: join(home, '.config'), MOZ_CRASHREPORTER_DISABLE: '1' };
  const gd = await startGeckodriver(env, log, systemAccess ? ['--allow-system-access'] : []);
  const base = `http://127.0.0.1:${gd.port}`;
  let sessionId = null;
  const wd = async (method, path, body) => {
    const res = await fetch(`${base}${path.replace(':session', sessionId)}`, {
      method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) {
      const err = new Error(`WebDriver ${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
      err.code = json.value?.error;
      throw err;
    }
    return json.value;
  };
  const prefs = {
    // On in the profile (geckodriver's defaults turn it off): only policies.json may turn it off.
    'xpinstall.signatures.required': true,
    // Pin the moz-extension:// host name so the test knows the extension's origin.
    'extensions.webextensions.uuids': JSON.stringify({ [EXTENSION_ID]: uuid }),
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': proxyPort,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': proxyPort,
    'network.proxy.no_proxies_on': '',
    'network.http.http3.enable': false,
  };
  const close = async () => {
    if (sessionId) await wd('DELETE', '/session/:session').catch(() => {});
    sessionId = null;
    if (groups.has(gd.child.pid)) {
      const exited = new Promise((r) => { gd.child.once('exit', r); setTimeout(r, 5000); });
      process.kill(-gd.child.pid, 'SIGTERM'); // geckodriver, and Firefox if the session did not end it
      await exited;
    }
    rmSync(home, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    const created = await wd('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'firefox',
          acceptInsecureCerts: false,
          pageLoadStrategy: 'normal',
          'moz:firefoxOptions': { binary: FIREFOX, args: ['-headless'], prefs, env: { HOME: home, TMPDIR: tmp } },
        },
      },
    });
    sessionId = created.sessionId;
    const ff = {
      wd, uuid, log, close,
      capabilities: created.capabilities,
      origin: `moz-extension://${uuid}`,
      navigate: (url) => wd('POST', '/session/:session/url', { url }),
      url: () => wd('GET', '/session/:session/url'),
      /** Runs `script` (a function body; `arguments` as in WebDriver) in the current frame. */
      exec: (script, args = []) => wd('POST', '/session/:session/execute/sync', { script, args }),
      /** Like exec, for a body that returns a promise. */
      execAsync: (script, args = []) => wd('POST', '/session/:session/execute/async', {
        script: `const done = arguments[arguments.length - 1];
          Promise.resolve().then(() => (async function () { ${script} }).apply(null, Array.from(arguments).slice(0, -1)))
            .then(done, (e) => done({ error: String(e && e.message ? e.message : e) }));`,
        args,
      }),
      screenshot: async (file) => writeFileSync(file, Buffer.from(await wd('GET', '/session/:session/screenshot'), 'base64')),
      topFrame: () => wd('POST', '/session/:session/frame', { id: null }),
      /**
       * Switches into Lastgate's in-page UI frame (the banner or the confirm interstitial): an
       * extension page inside a closed shadow root. Firefox's WebDriver reaches closed roots
       * (openOrClosedShadowRoot); page script cannot. Returns false when none is shown in time.
       */
      async enterUiFrame(timeoutMs = 5000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          await wd('POST', '/session/:session/frame', { id: null });
          // Our host element is a child of <html> beside <head> and <body>.
          const hosts = await ff.exec('return [...document.documentElement.children].filter((e) => e !== document.head && e !== document.body)');
          for (const h of hosts) {
            const root = await wd('GET', `/session/:session/element/${h[E]}/shadow`).catch(() => null);
            if (!root) continue;
            const frame = await wd('POST', `/session/:session/shadow/${root[S]}/element`, { using: 'css selector', value: 'iframe' }).catch(() => null);
            if (!frame) continue;
            await wd('POST', '/session/:session/frame', { id: frame });
            const ready = await ff.exec(`return location.href.startsWith(${JSON.stringify(`moz-extension://${uuid}/ui/frame.html`)}) && document.querySelector('#root > *') !== null`).catch(() => false);
            if (ready) return true;
          }
          if (Date.now() > deadline) {
            await wd('POST', '/session/:session/frame', { id: null });
            return false;
          }
          await sleep(100);
        }
      },
    };
    return ff;
  } catch (e) {
    await close();
    throw e;
  }
}
