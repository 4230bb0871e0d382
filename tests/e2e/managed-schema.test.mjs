// Chromium validates extension/managed_schema.json when it loads the extension: with ours it loads
// and chrome.storage.managed answers; with a schema Chromium cannot parse it refuses the extension.
// (That the schema and the engine accept the same keys is crates/engine/tests/managed_schema.rs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTENSION } from '../lib/browser.mjs';

async function serviceWorkerOf(extDir) {
  const profile = mkdtempSync(join(tmpdir(), 'lastgate-schema-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true,
    args: [`--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`, '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 10000 }).catch(() => null));
    if (!sw) return null;
    return { url: sw.url(), managed: await sw.evaluate(() => chrome.storage.managed.get(null)) };
  } finally {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}

test('Chromium loads the extension with its managed-policy schema', async () => {
  const manifest = JSON.parse(readFileSync(join(EXTENSION, 'manifest.json'), 'utf8'));
  assert.equal(manifest.storage?.managed_schema, 'managed_schema.json');
  const sw = await serviceWorkerOf(EXTENSION);
  assert.ok(sw, 'the extension did not load: Chromium rejected managed_schema.json?');
  assert.equal(new URL(sw.url).host, 'llacpcndkamhedopoleneinplflhnnfp');
  assert.deepEqual(sw.managed, {}, 'no policy is installed on a test machine');
});

test('a schema Chromium cannot parse keeps the extension from loading (so the test above means something)', async () => {
  const copy = mkdtempSync(join(tmpdir(), 'lastgate-badschema-'));
  try {
    cpSync(EXTENSION, copy, { recursive: true });
    const schema = JSON.parse(readFileSync(join(copy, 'managed_schema.json'), 'utf8'));
    schema.properties.mode.type = 'strin';
    writeFileSync(join(copy, 'managed_schema.json'), JSON.stringify(schema));
    assert.equal(await serviceWorkerOf(copy), null);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});
