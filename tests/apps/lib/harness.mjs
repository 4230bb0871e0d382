// Starting the apps, driving Chromium with the extension, and recording each step's page and the
// verdict the extension stored for it.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync, cpSync, rmSync, readdirSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { launch } from '../../lib/browser.mjs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function httpStatus(port, host, path) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { host, 'x-forwarded-proto': 'https' }, timeout: 3000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => { req.destroy(); resolve(0); });
    req.end();
  });
}

function portBusy(port) {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port });
    sock.once('connect', () => { sock.destroy(); resolve(true); });
    sock.once('error', () => resolve(false));
  });
}

function tail(file, n = 25) {
  try { return readFileSync(file, 'utf8').split('\n').slice(-n).join('\n'); } catch { return '(no log)'; }
}

/** A fresh copy of the app's prepared state (made by the setup script) for this run. */
export function freshState(root, name) {
  const template = join(root, 'template', name);
  const state = join(root, 'state', name);
  if (!existsSync(template)) throw new Error(`${name}: no prepared state in ${template}; run scripts/eval-apps-setup.sh`);
  rmSync(state, { recursive: true, force: true });
  cpSync(template, state, { recursive: true });
  return state;
}

/**
 * Starts one process of an app (its own process group, output to logs/<name>.log) and waits until
 * `ready` answers 2xx or 3xx through its port. Throws with the log's tail when it exits or times out.
 */
export async function startProcess({ name, cmd, args, env = {}, cwd, port, host, ready = '/', timeoutMs = 120000, logDir }) {
  mkdirSync(logDir, { recursive: true });
  if (port && (await portBusy(port))) throw new Error(`${name}: 127.0.0.1:${port} is already in use (another run of eval-apps, or another program)`);
  const logFile = join(logDir, `${name}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  child.on('error', (e) => { exited = { code: -1, signal: String(e.message) }; });
  const proc = {
    name, pid: child.pid, logFile,
    stop: async () => {
      if (exited) return;
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      for (let i = 0; i < 50 && !exited; i += 1) await sleep(100);
      if (!exited) { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ } }
    },
  };
  if (port) {
    const start = Date.now();
    for (;;) {
      if (exited) throw new Error(`${name} exited (${exited.code ?? exited.signal}) while starting; ${logFile}:\n${tail(logFile)}`);
      const s = await httpStatus(port, host, ready);
      if (s >= 200 && s < 400) break;
      if (Date.now() - start > timeoutMs) {
        await proc.stop();
        throw new Error(`${name} did not answer on 127.0.0.1:${port}${ready} within ${timeoutMs / 1000} s; ${logFile}:\n${tail(logFile)}`);
      }
      await sleep(300);
    }
  }
  return proc;
}

/** Runs a command to completion (setup-like steps inside a run); throws with its output on failure. */
export function runCommand(cmd, args, { cwd, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out.slice(-3000)}`))));
    child.on('error', reject);
  });
}

async function tabsByTop(ext) {
  return ext.sw().evaluate(async () => {
    const all = await chrome.storage.session.get(null);
    const out = {};
    for (const [k, v] of Object.entries(all)) if (k.startsWith('frames:') && v) out[k.slice(7)] = { top: v.top, url: v.url, verdict: all[`verdict:${k.slice(7)}`] ?? null };
    return out;
  });
}

const stripExtension = (html) => html.replace(/<x-[0-9a-f]{12}\b[^>]*>[\s\S]*?<\/x-[0-9a-f]{12}>/gi, '').replace(/<x-[0-9a-f]{12}\b[^>]*\/?>/gi, '');

/**
 * One browser (Chromium + dist/extension) for one app. `step` methods record a page: its id, URL,
 * referrer, the verdict the extension stored for it (read from chrome.storage.session), and its HTML.
 */
export class Session {
  constructor({ ext, app, out, labels, collect, records }) {
    Object.assign(this, { ext, app, out, labels, collect, records });
  }

  static async open({ app, hosts, proxyPort, out, labels, collect, records }) {
    const ext = await launch({ hosts, port: proxyPort });
    return new Session({ ext, app, out, labels, collect, records });
  }

  async close() { await this.ext.close(); }

  async newPage() {
    const page = await this.ext.context.newPage();
    page.setDefaultTimeout(20000);
    return page;
  }

  /** Opens `url` in `page` (optionally arriving from `referrer`) and records it as `id`. */
  async visit(page, id, url, { referrer = '', waitUntil = 'load' } = {}) {
    const before = await tabsByTop(this.ext);
    await page.goto(url, { waitUntil, referer: referrer || undefined });
    return this.#record(page, id, before, referrer);
  }

  /** Runs `action` (which navigates `page`) and records the page it lands on as `id`. */
  async after(page, id, action, { referrer = '' } = {}) {
    const before = await tabsByTop(this.ext);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), action()]);
    return this.#record(page, id, before, referrer);
  }

  /** Records the page as it is now (a page that changed in place, e.g. a token shown by script). */
  async here(page, id, { referrer = '', settleMs = 1500 } = {}) {
    await sleep(settleMs);
    return this.#record(page, id, null, referrer);
  }

  /** Navigates without recording (the steps between recorded pages). */
  async go(page, url, opts = {}) {
    await page.goto(url, { waitUntil: 'load', ...opts });
  }

  async #record(page, id, before, referrer) {
    const label = this.labels.get(id);
    if (!label && !this.collect) throw new Error(`step ${id} (${this.app}) reached ${page.url()} and has no label in tests/apps/labels.json: label it first`);
    if (this.records.some((r) => r.id === id)) throw new Error(`step id ${id} recorded twice`);
    const url = page.url();
    if (label && !new RegExp(label.url_pattern).test(url)) {
      throw new Error(`step ${id} (${this.app}): the page is ${url}, which does not match its label's url_pattern ${label.url_pattern}`);
    }
    const start = Date.now();
    let tab = null;
    let verdict = null;
    while (Date.now() - start < 10000) {
      const tabs = await tabsByTop(this.ext);
      const hits = Object.entries(tabs).filter(([t, v]) => v.url === url && v.verdict && (!before || !before[t] || before[t].top !== v.top));
      if (hits.length) {
        [tab] = hits.sort((a, b) => Number(b[0]) - Number(a[0]))[0];
        break;
      }
      await sleep(100);
    }
    const ms = Date.now() - start;
    if (tab !== null) {
      await sleep(700); // a page that changes right after load is read again; keep the last word
      verdict = (await tabsByTop(this.ext))[tab]?.verdict ?? null;
    }
    const html = stripExtension(await page.content());
    mkdirSync(join(this.out, 'pages'), { recursive: true });
    const file = join('pages', `${id}.html`);
    writeFileSync(join(this.out, file), html);
    if (process.env.EVAL_APPS_SHOTS === '1') {
      mkdirSync(join(this.out, 'shots'), { recursive: true });
      await page.screenshot({ path: join(this.out, 'shots', `${id}.png`) }).catch(() => {});
    }
    const title = await page.title().catch(() => '');
    this.records.push({ id, app: this.app, url, referrer, title, file, verdict, verdict_ms: tab === null ? null : ms });
    const now = Date.now();
    process.stdout.write(`  ${this.app}: ${id} (${((now - (this.last || now)) / 1000).toFixed(1)} s)\n`);
    this.last = now;
    return verdict;
  }
}

/** The newest file in `dir` whose text matches `re` after `sinceMs`; returns [file text, match]. */
export async function waitForMail(dir, re, { sinceMs = 0, timeoutMs = 15000 } = {}) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (existsSync(dir)) {
      const files = readdirSync(dir).map((f) => join(dir, f)).filter((f) => statSync(f).isFile() && statSync(f).mtimeMs >= sinceMs - 1000)
        .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
      for (const f of files) {
        const text = decodeMail(readFileSync(f, 'utf8'));
        const m = text.match(re);
        if (m) return m;
      }
    }
    await sleep(200);
  }
  throw new Error(`no mail matching ${re} in ${dir}`);
}

/** Undoes quoted-printable soft breaks and escapes, enough to read links out of a message. */
export function decodeMail(text) {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) for a base32 secret, as an authenticator app computes it. */
export async function totp(secret, offset = 0) {
  const { createHmac } = await import('node:crypto');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = secret.toUpperCase().replace(/[^A-Z2-7]/g, '');
  let bits = '';
  for (const c of clean) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30) + offset));
  const h = createHmac('sha1', bytes).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}
