// Padding is an evasion: a prompt placed after megabytes of junk must still reach the observation
// in the browser, as it does in the CLI (crates/cli/tests/bounds.rs). Bulk text is capped; the text
// of headings, controls and labels is read past the cap.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from '../lib/corpus.mjs';

let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
});
after(async () => { await browser?.close(); });

test('a prompt after 3 MB of visible padding keeps its heading, button and label', async () => {
  const page = await browser.newPage();
  const para = '<p>Filler text about the weather and the harbour, nothing to do with accounts. <a href="/x">more</a></p>';
  const html = `<html><body><h1>Notes</h1>${para.repeat(Math.ceil(3e6 / para.length))}`
    + '<h2>Regenerate personal access token</h2><form><label for="n">Note</label><input id="n" name="note"><button type="submit">Regenerate token</button></form></body></html>';
  await page.setContent(html);
  await page.addScriptTag({ path: join(ROOT, 'extension', 'src', 'extract.js') });
  const obs = await page.evaluate(() => globalThis.LastgateExtract.extractObservation(document));
  assert.ok(obs.text.length <= 4_000_000);
  assert.ok(obs.headings.includes('Regenerate personal access token'), JSON.stringify(obs.headings));
  assert.ok(obs.controls.some((c) => c.kind === 'button' && c.text === 'Regenerate token'));
  assert.ok(obs.fields.some((f) => f.name === 'note' && f.label === 'Note'));
  await page.close();
});
