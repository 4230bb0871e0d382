// Tidy checks on the extension's own code: nothing a page provides may ever be evaluated as code or
// parsed as HTML. These APIs are how that would happen, so they must not appear at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/corpus.mjs';

const FORBIDDEN = [/\.innerHTML\s*=/, /\.outerHTML\s*=/, /insertAdjacentHTML/, /\beval\s*\(/, /new\s+Function\s*\(/, /document\.write/, /setTimeout\s*\(\s*['"`]/, /DOMParser/];

test('extension sources never turn strings into code or HTML', () => {
  const dir = join(ROOT, 'extension', 'src');
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  assert.ok(files.length >= 3);
  const hits = [];
  for (const f of files) {
    const lines = readFileSync(join(dir, f), 'utf8').split('\n');
    lines.forEach((line, i) => {
      for (const re of FORBIDDEN) if (re.test(line)) hits.push(`${f}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(hits, []);
});

test('the manifest asks for the minimum: storage only, no host or tab permissions', () => {
  const m = JSON.parse(readFileSync(join(ROOT, 'extension', 'manifest.json'), 'utf8'));
  assert.deepEqual(m.permissions, ['storage']);
  assert.equal(m.host_permissions, undefined);
  assert.equal(m.optional_permissions, undefined);
  assert.match(m.content_security_policy.extension_pages, /^script-src 'self' 'wasm-unsafe-eval'; object-src 'self'$/);
});
