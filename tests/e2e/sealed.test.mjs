// The sealed test set through the extension in headless Chromium: on every static sealed page the
// extension must give exactly the CLI's verdict. The sealed set judges the engine and its pages are
// never opened by those who change the engine, so a disagreement names only the page's index and the
// two verdicts' flow and action — never its file, URL, label or content.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSealed } from '../lib/corpus.mjs';
import { sealedPart } from '../lib/agreement.mjs';

test('the sealed set has at least 300 static pages', () => {
  const n = loadSealed().filter((p) => !p.late).length;
  assert.ok(n >= 300, `the sealed set has ${n} static pages`);
});

// Part 1 of the sealed pages' agreement; part 2 is tests/e2e/sealed-2.test.mjs.
sealedPart(0);
