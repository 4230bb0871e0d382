// Tidy checks on the extension's own code: nothing a page provides may ever be evaluated as code or
// parsed as HTML. These APIs are how that would happen, so they must not appear at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/corpus.mjs';

const FORBIDDEN = [/\.innerHTML\s*=/, /\.outerHTML\s*=/, /insertAdjacentHTML/, /\beval\s*\(/, /new\s+Function\s*\(/, /document\.write/, /setTimeout\s*\(\s*['"`]/, /DOMParser/];

test('extension sources never turn strings into code or HTML', () => {
  const files = ['src', 'ui'].flatMap((d) => readdirSync(join(ROOT, 'extension', d)).filter((f) => f.endsWith('.js')).map((f) => join(d, f)));
  assert.ok(files.length >= 8);
  const hits = [];
  for (const f of files) {
    const lines = readFileSync(join(ROOT, 'extension', f), 'utf8').split('\n');
    lines.forEach((line, i) => {
      for (const re of FORBIDDEN) if (re.test(line)) hits.push(`${f}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(hits, []);
});

test('the manifest asks for what the design needs and nothing more', () => {
  const m = JSON.parse(readFileSync(join(ROOT, 'extension', 'manifest.json'), 'utf8'));
  // scripting + webNavigation + http(s) hosts: the worker injects the content script itself, after
  // load on ordinary pages, instead of declaring one that costs every page load (ARCHITECTURE.md).
  // alarms: reporting retries after the worker was stopped.
  assert.deepEqual(m.permissions, ['storage', 'scripting', 'webNavigation', 'alarms']);
  assert.deepEqual(m.host_permissions, ['http://*/*', 'https://*/*']);
  assert.equal(m.content_scripts, undefined, 'a declared content script would cost every page load');
  assert.equal(m.optional_permissions, undefined);
  assert.equal(m.externally_connectable, undefined, 'no page may message the extension');
  // Only the in-page frame and what it loads are reachable from pages, under a per-session URL.
  assert.deepEqual(m.web_accessible_resources.map((w) => [w.resources.every((r) => r.startsWith('ui/')), w.use_dynamic_url]), [[true, true]]);
  assert.match(m.content_security_policy.extension_pages, /^script-src 'self' 'wasm-unsafe-eval'; object-src 'self'$/);
});
