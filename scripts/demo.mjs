// `make run`: serve www/ on http://127.0.0.1:8080 and open Chromium with the extension on the demo
// pages. With a display, a real window you can use (close it to stop). Without one, headless: each
// demo page is visited, and its screenshot and verdict are saved under target/demo/.
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../tests/lib/corpus.mjs';
import { startServer } from '../tests/lib/server.mjs';
import { EXTENSION, waitForVerdict } from '../tests/lib/browser.mjs';

const PORT = Number(process.env.LASTGATE_DEMO_PORT || 8080);
const BASE = `http://127.0.0.1:${PORT}`;
const PAGES = ['/demo/token.html', '/demo/device.html', '/demo/late.html', '/demo/article.html'];
const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && !process.env.CI;

let srv;
try {
  // The demo portal (dist/portal, built by `make build`) and the corpus its playground offers.
  srv = await startServer({ port: PORT, tls: false, mounts: { '/portal/': join(ROOT, 'dist', 'portal'), '/corpus/': join(ROOT, 'tests', 'corpus') } });
} catch (e) {
  console.error(`make run: cannot listen on 127.0.0.1:${PORT} (${e.code || e.message}); stop what uses it or set LASTGATE_DEMO_PORT`);
  process.exit(2);
}
console.log(`serving www/ on ${BASE}/ and the demo portal on ${BASE}/portal/`);

const profile = mkdtempSync(join(tmpdir(), 'lastgate-demo-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: !headed,
  viewport: headed ? null : { width: 1280, height: 800 },
  args: [`--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`, '--no-sandbox', '--disable-gpu',
    '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const ext = { sw: () => context.serviceWorkers()[0] ?? sw };

async function cleanup() {
  await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
  await srv.close();
}

if (headed) {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${BASE}/`);
  for (const p of PAGES.slice(0, 1)) await (await context.newPage()).goto(BASE + p);
  console.log('Chromium is open with Lastgate loaded on the demo pages. Close the browser window to stop.');
  await new Promise((resolve) => context.on('close', resolve));
  rmSync(profile, { recursive: true, force: true });
  await srv.close();
} else {
  const out = join(ROOT, 'target', 'demo');
  mkdirSync(out, { recursive: true });
  console.log('No display found: running headless and saving what the extension did under target/demo/.');
  const summary = [];
  for (const path of PAGES) {
    const page = await context.newPage();
    const url = BASE + path;
    await page.goto(url, { waitUntil: 'load' });
    // The late page's prompt appears after load; the others are read once the page has loaded.
    const { verdict } = await waitForVerdict(ext, url, (v) => !path.includes('late') || v.flow !== 'none', 5000);
    await page.waitForTimeout(600); // let the banner finish drawing before the screenshot
    const name = path.split('/').pop().replace('.html', '');
    await page.screenshot({ path: join(out, `${name}.png`) });
    writeFileSync(join(out, `${name}.verdict.json`), JSON.stringify(verdict, null, 2) + '\n');
    summary.push({ page: path, action: verdict?.action ?? '(none)', flow: verdict?.flow ?? '', risk: verdict?.risk ?? '' });
    await page.close();
  }
  // The portal pages use the npm package in the page itself; their screenshots show its answers.
  const PORTAL_PAGES = ['/portal/helpdesk.html', '/portal/recover.html', '/portal/playground.html'];
  for (const path of PORTAL_PAGES) {
    const page = await context.newPage();
    await page.goto(BASE + path);
    await page.waitForSelector('body[data-ready=true]', { timeout: 10000 }).catch(() => {});
    const name = `portal-${path.split('/').pop().replace('.html', '')}`;
    await page.screenshot({ path: join(out, `${name}.png`) });
    summary.push({ page: path, action: '(portal page)', flow: '', risk: '' });
    await page.close();
  }
  console.table(summary);
  console.log(`screenshots and verdicts: ${out}/`);
  await cleanup();
}
