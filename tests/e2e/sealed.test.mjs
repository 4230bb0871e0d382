// The sealed test set through the extension in headless Chromium: on every static sealed page the
// extension must give exactly the CLI's verdict. The sealed set judges the engine and its pages are
// never opened by those who change the engine, so a disagreement names only the page's index and the
// two verdicts' flow and action — never its file, URL, label or content.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { loadSealed, corpusHosts } from '../lib/corpus.mjs';
import { startServer, corpusRoutes } from '../lib/server.mjs';
import { launch, waitForVerdict, closePage } from '../lib/browser.mjs';
import { ensureCli, cliVerdict } from '../lib/cli.mjs';

const sealed = loadSealed().filter((p) => !p.late);
let srv;
let plain;
let ext;
const routes = corpusRoutes(sealed);

function serve(p) {
  const u = new URL(p.url);
  routes.set(u.hostname + u.pathname + u.search, p.path);
}

before(async () => {
  ensureCli();
  srv = await startServer({ routes });
  plain = await startServer({ routes, tls: false });
  const plainHosts = corpusHosts(sealed.filter((p) => p.url.startsWith('http:')));
  ext = await launch({ hosts: corpusHosts(sealed), port: srv.port, plainHosts, plainPort: plain.port });
});

after(async () => {
  await ext?.close();
  await srv?.close();
  await plain?.close();
});

test('the sealed set has at least 300 static pages', () => {
  assert.ok(sealed.length >= 300, `the sealed set has ${sealed.length} static pages`);
});

// In chunks, so that no single test runs for minutes (each has NODE_TEST_TIMEOUT) as the set grows.
const CHUNK = 150;
for (let from = 0; from < sealed.length; from += CHUNK) {
  const chunk = sealed.slice(from, from + CHUNK);
  test(`the extension agrees with the CLI on sealed pages ${from + 1}–${from + chunk.length} of ${sealed.length} (reported by index only)`, async () => {
    const disagreements = [];
    for (const p of chunk) {
      const expected = cliVerdict(p);
      await ext.sw().evaluate(() => chrome.storage.session.remove('events'));
      serve(p);
      const page = await ext.context.newPage();
      await page.goto(p.url, { waitUntil: 'domcontentloaded', referer: p.referrer || undefined });
      const { verdict, timedOut } = await waitForVerdict(ext, p.url, (v) => v.flow === expected.flow && v.action === expected.action, 2000);
      await closePage(page);
      if (timedOut || !isDeepStrictEqual(verdict, expected)) {
        const brief = (v) => (v ? `${v.flow}/${v.action}` : 'none');
        disagreements.push(`sealed[${p.sealedIndex}]: cli ${brief(expected)}, browser ${brief(verdict)}${verdict && verdict.flow === expected.flow && verdict.action === expected.action ? ' (reasons or stakes differ)' : ''}`);
      }
    }
    assert.deepEqual(disagreements, []);
  });
}
