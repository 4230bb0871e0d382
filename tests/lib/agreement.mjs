// The extension and the CLI must give the same verdict on every static page of a labelled set. A set
// of thousands of pages takes longer than one test file may run (NODE_TEST_TIMEOUT bounds each file
// and each test), so a set is cut into parts, one test file per part, each with its own browser;
// inside a part, pages go in chunks of CHUNK so that a failure names its range.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { corpusHosts, loadCorpus, loadSealed } from './corpus.mjs';
import { startServer, corpusRoutes } from './server.mjs';
import { launch, waitForVerdict, closePage } from './browser.mjs';
import { ensureCli, cliVerdict } from './cli.mjs';

const CHUNK = 150;

/**
 * Registers the agreement tests for part `part` (0-based) of `parts`: the chunks whose index modulo
 * `parts` is `part`. `pages` is the whole set (its `late` pages are left out here); `name` says what
 * a test is about ("static corpus pages"); `describe(p, expected, verdict)` words a disagreement
 * (the sealed set names only an index). Returns the part's browser (`ext()`) for the file's own
 * further tests, and the pages the glance settled without a full read (`glanced`).
 */
export function agreementPart({ pages, part, parts, name, describe, readMode }) {
  const all = pages.filter((p) => !p.late);
  const routes = corpusRoutes(pages);
  const glanced = [];
  let srv;
  let plain;
  let ext;
  before(async () => {
    ensureCli();
    srv = await startServer({ routes });
    // A few pages are served over plain http (hotel and airport Wi-Fi portals): a second server.
    plain = await startServer({ routes, tls: false });
    const plainHosts = corpusHosts(pages.filter((p) => p.url.startsWith('http:')));
    ext = await launch({ hosts: corpusHosts(pages), port: srv.port, plainHosts, plainPort: plain.port });
  });
  after(async () => {
    await ext?.close();
    await srv?.close();
    await plain?.close();
  });
  // Several pages share a URL up to its #fragment, which never reaches a server; so the route for
  // a page's URL is (re)pointed at that page just before the browser opens it.
  const serve = (p) => {
    const u = new URL(p.url);
    routes.set(u.hostname + u.pathname + u.search, p.path);
  };
  for (let from = 0, index = 0; from < all.length; from += CHUNK, index += 1) {
    if (index % parts !== part) continue;
    const chunk = all.slice(from, from + CHUNK);
    test(`the extension agrees with the CLI on ${name} ${from + 1}–${from + chunk.length} of ${all.length}`, async () => {
      const disagreements = [];
      // One tab per chunk, navigated from page to page: opening and closing a tab per page cost
      // ~0.12 s of the ~0.4 s a page took. Each navigation commits a new document, whose content script
      // starts afresh; the verdict is looked up by the tab's URL, so a page whose URL equals the
      // previous one's but for its #fragment gets a new tab (the old tab's stored verdict would
      // match it before the new page's arrives).
      let page = await ext.context.newPage();
      for (const p of chunk) {
        const expected = cliVerdict(p);
        // The CLI has no browser history; start each page without any, as a fresh profile would.
        await ext.sw().evaluate(() => chrome.storage.session.remove('events'));
        serve(p);
        if (page.url().split('#')[0] === p.url.split('#')[0]) {
          await closePage(page);
          page = await ext.context.newPage();
        }
        await page.goto(p.url, { waitUntil: 'domcontentloaded', referer: p.referrer || undefined });
        const { verdict, timedOut } = await waitForVerdict(ext, p.url, (v) => v.flow === expected.flow && v.action === expected.action, 2000);
        if (!timedOut && readMode && (await readMode(ext, p.url)) === 'glance') glanced.push(p);
        if (timedOut || !isDeepStrictEqual(verdict, expected)) disagreements.push(describe(p, expected, verdict));
      }
      await closePage(page);
      assert.deepEqual(disagreements, []);
    });
  }
  return { ext: () => ext, serve, glanced };
}

/** How a frame's verdict was reached: 'glance' (settled by engine.glance) or 'full'. */
export async function readMode(ext, url) {
  return ext.sw().evaluate(async (u) => {
    const all = await chrome.storage.session.get(null);
    const tops = Object.entries(all).filter(([k, v]) => k.startsWith('frames:') && v && v.url === u && v.frames && v.frames['0']);
    return tops.length ? tops[tops.length - 1][1].frames['0'].read : null;
  }, url);
}

/** A test that the glance settled some of the part's pages, each with the full read's verdict. */
export function glanceTest(glanced) {
  test("the glance settled some static pages without a full read, each with the full read's verdict", () => {
    assert.ok(glanced.length >= 1, 'no page of this part was settled by the glance');
    for (const p of glanced) assert.equal(cliVerdict(p).flow, 'none', `${p.file} was settled by the glance`);
  });
}

/** Static corpus pages: parts, each a test file (tests/e2e/corpus*.test.mjs), ~360 pages each. */
export const CORPUS_PARTS = 6;

/** Part `part` of the corpus's agreement, with its glance test. */
export function corpusPart(part) {
  const pages = loadCorpus();
  const run = agreementPart({
    pages,
    part,
    parts: CORPUS_PARTS,
    name: 'static corpus pages',
    describe: (p, expected, verdict) => `${p.file}:\n  cli     ${JSON.stringify(expected)}\n  browser ${JSON.stringify(verdict)}`,
    readMode,
  });
  glanceTest(run.glanced);
  return { ...run, pages };
}

/** Sealed pages: parts, each a test file (tests/e2e/sealed*.test.mjs). */
export const SEALED_PARTS = 2;

/**
 * Part `part` of the sealed set's agreement. The sealed set judges the engine and its pages are
 * never opened by those who change the engine, so a disagreement names only the page's index and
 * the two verdicts' flow and action — never its file, URL, label or content.
 */
export function sealedPart(part) {
  const brief = (v) => (v ? `${v.flow}/${v.action}` : 'none');
  return agreementPart({
    pages: loadSealed(),
    part,
    parts: SEALED_PARTS,
    name: 'sealed pages',
    describe: (p, expected, verdict) =>
      `sealed[${p.sealedIndex}]: cli ${brief(expected)}, browser ${brief(verdict)}${
        verdict && verdict.flow === expected.flow && verdict.action === expected.action ? ' (reasons or stakes differ)' : ''
      }`,
  });
}
