// Screenshots of what the user meets — banner, confirm interstitial, block page, popup — in light
// and dark, in English and German, from the built extension in headless Chromium on corpus pages.
// Writes docs/screenshots/*.png (committed, shown in the README). Run: `make screenshots` (root:
// the block page needs a managed policy, written to /etc/chromium/policies/managed and removed).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, loadCorpus, corpusHosts } from '../tests/lib/corpus.mjs';
import { startServer, corpusRoutes } from '../tests/lib/server.mjs';
import { launch, waitForVerdict, uiFrame } from '../tests/lib/browser.mjs';
import { writeManagedPolicy, policyUnavailable } from '../tests/lib/policy.mjs';

const OUT = join(ROOT, 'docs', 'screenshots');
mkdirSync(OUT, { recursive: true });
const pages = loadCorpus();
const byFile = (f) => pages.find((x) => x.file === `pages/${f}`);
const BANNER = byFile('github-token-new.html');
const CONFIRM = byFile('p2-npm-granular-token-new.html');
const BLOCK = byFile('github-login-device.html');

const why = policyUnavailable();
if (why) { console.error(`screenshots: ${why}`); process.exit(2); }
const srv = await startServer({ routes: corpusRoutes(pages) });
const remove = writeManagedPolicy({ version: 'demo', actions: { device_code: 'block' }, help_desk: 'IT help desk, +1 555 0100' });
const written = [];
try {
  for (const lang of ['en', 'de']) {
    for (const scheme of ['light', 'dark']) {
      const ext = await launch({ hosts: corpusHosts(pages), port: srv.port, lang, colorScheme: scheme });
      const name = (what) => join(OUT, `${what}-${lang}-${scheme}.png`);
      try {
        await new Promise((r) => setTimeout(r, 800)); // managed policy loaded
        let page = await ext.context.newPage();
        await page.goto(BANNER.url, { waitUntil: 'load', referer: BANNER.referrer });
        await waitForVerdict(ext, BANNER.url, (v) => v.action === 'warn');
        await uiFrame(page);
        await page.waitForTimeout(500);
        await page.screenshot({ path: name('banner') });
        written.push(name('banner'));
        const tabId = await ext.sw().evaluate(async (u) => Math.max(...(await chrome.tabs.query({ url: u })).map((t) => t.id)), BANNER.url);
        const popup = await ext.context.newPage();
        await popup.setViewportSize({ width: 400, height: 640 });
        await popup.goto(`chrome-extension://${ext.extensionId}/ui/popup.html?tab=${tabId}`);
        await popup.waitForSelector('#root h2');
        await popup.waitForTimeout(200);
        await popup.screenshot({ path: name('popup'), fullPage: true });
        written.push(name('popup'));
        await popup.close();
        await page.close();

        page = await ext.context.newPage();
        await page.goto(CONFIRM.url, { waitUntil: 'load', referer: CONFIRM.referrer });
        await waitForVerdict(ext, CONFIRM.url, (v) => v.action === 'confirm');
        // The interstitial covers the page as soon as the verdict is there.
        const f = await uiFrame(page);
        await f.locator('input[type=radio]').nth(0).check();
        await f.locator('input[type=radio]').nth(3).check();
        await page.waitForTimeout(500);
        await page.screenshot({ path: name('confirm') });
        written.push(name('confirm'));
        await page.close();

        page = await ext.context.newPage();
        await page.goto(BLOCK.url, { waitUntil: 'commit', referer: BLOCK.referrer || undefined });
        await page.waitForURL(/blocked\.html/, { timeout: 5000 });
        await page.waitForSelector('#root h1');
        await page.waitForTimeout(300);
        await page.screenshot({ path: name('block') });
        written.push(name('block'));
        await page.close();
      } finally {
        await ext.close();
      }
    }
  }
} finally {
  remove();
  await srv.close();
}
console.log(`screenshots: wrote ${written.length} files to docs/screenshots/`);
