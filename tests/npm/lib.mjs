// The npm package as a consumer gets it: `npm pack` of dist/npm (so the `files` list is what is
// tested), unpacked into target/npm-consumer/node_modules/lastgate, beside copies of the consumer
// apps in tests/npm/apps/ (their tools — vite, tsc — are the repo's dev packages). Also a plain headless Chromium (no extension) with hosts mapped to the
// local test server.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from '../lib/corpus.mjs';
import { corpusRoutes } from '../lib/server.mjs';

export const PACKAGE = join(ROOT, 'dist', 'npm');
export const CONSUMER = join(ROOT, 'target', 'npm-consumer');
export const APPS = join(ROOT, 'tests', 'npm', 'apps');

/** Packs and unpacks the package, copies the apps; once per process. Returns the consumer dir. */
let installed = null;
export function installPackage() {
  if (installed) return installed;
  if (!existsSync(join(PACKAGE, 'package.json'))) throw new Error('dist/npm is missing: run `make npm`');
  rmSync(CONSUMER, { recursive: true, force: true });
  mkdirSync(join(CONSUMER, 'node_modules', 'lastgate'), { recursive: true });
  const out = execFileSync('npm', ['pack', PACKAGE, '--pack-destination', CONSUMER, '--json', '--silent'], { cwd: ROOT, encoding: 'utf8' });
  const [{ filename }] = JSON.parse(out);
  execFileSync('tar', ['-xzf', join(CONSUMER, filename), '-C', join(CONSUMER, 'node_modules', 'lastgate'), '--strip-components=1']);
  cpSync(APPS, CONSUMER, { recursive: true });
  installed = { dir: CONSUMER, tarball: join(CONSUMER, filename) };
  return installed;
}

/**
 * Headless Chromium without the extension; `hosts` resolve to the local server on `port`, and
 * `plainHosts` (pages served over plain http, such as captive portals) to a plain server on `plainPort`.
 */
export async function launchPlain({ hosts = [], port, plainHosts = [], plainPort } = {}) {
  const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--ignore-certificate-errors'];
  const rules = [...plainHosts.map((h) => `MAP ${h} 127.0.0.1:${plainPort}`), ...hosts.filter((h) => !plainHosts.includes(h)).map((h) => `MAP ${h} 127.0.0.1:${port}`)];
  if (rules.length) args.push(`--host-resolver-rules=${rules.join(', ')}`);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args });
  return browser;
}

/**
 * Routes for corpus pages at their URLs, and `open(page, p)` to show corpus page `p` in a
 * Playwright page: several pages share a URL up to its #fragment (which never reaches a server),
 * so the route is pointed at `p` just before, and a same-document navigation is avoided.
 */
export function corpusSite(pages) {
  const routes = corpusRoutes(pages);
  const open = async (page, p) => {
    const u = new URL(p.url);
    routes.set(u.hostname + u.pathname + u.search, p.path);
    if (page.url().split('#')[0] === p.url.split('#')[0]) await page.goto('about:blank');
    await page.goto(p.url, { referer: p.referrer || undefined, waitUntil: 'load' });
  };
  return { routes, open };
}

/**
 * Which static corpus pages each of the package's two in-browser front ends reads: every page goes
 * through exactly one of them, so together they cover the corpus, in Chromium, as the package runs
 * there. The Vite-built bundle (tests/npm/vite.test.mjs) compiles the wasm inside every page it is
 * injected into (~0.46 s a page here), guardPage (tests/npm/agent.test.mjs) does not (~0.24 s), so
 * the bundle gets every fourth page and guardPage the rest. (Each front end on every page took
 * ~25 minutes of the suite's 90; what either could get wrong on a page of its own — the in-page
 * extractor, the wasm on either side of the page — is the same code on every page, and the extension
 * and the Node build give every page's verdict already.)
 */
export function npmShare(pages, frontEnd) {
  const vite = (i) => i % 4 === 3;
  return pages.filter((_, i) => (frontEnd === 'vite' ? vite(i) : !vite(i)));
}

/** `list` cut into the fewest runs of at most `max`, of near-equal length (no run of a handful). */
export function evenChunks(list, max) {
  const n = Math.max(1, Math.ceil(list.length / max));
  const size = Math.ceil(list.length / n);
  const out = [];
  for (let from = 0; from < list.length; from += size) out.push({ from, chunk: list.slice(from, from + size) });
  return out;
}
