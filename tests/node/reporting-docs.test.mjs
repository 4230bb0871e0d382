// docs/reporting.md's severity row names every event kind the worker sends, with the severity
// the worker gives it (extension/src/sw/report.js): an admin's collector rules are written from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/corpus.mjs';

test('the severity table in docs/reporting.md is the worker\'s', () => {
  const src = readFileSync(join(ROOT, 'extension', 'src', 'sw', 'report.js'), 'utf8');
  const table = src.match(/const SEVERITY = \{([^}]*)\}/)?.[1];
  assert.ok(table, 'SEVERITY in report.js');
  const worker = Object.fromEntries([...table.matchAll(/(\w+): \[(\d+), '(\w+)'\]/g)].map(([, kind, n, text]) => [kind, `${n} ${text}`]));
  assert.ok(Object.keys(worker).length >= 9, JSON.stringify(worker));

  const row = readFileSync(join(ROOT, 'docs', 'reporting.md'), 'utf8').split('\n').find((l) => l.startsWith('| `severityNumber`'));
  assert.ok(row, 'the severityNumber row');
  const docs = {};
  // "13 `WARN` (`a`, `b`), 17 `ERROR` (`c`)": each group's number and text, then its kinds.
  for (const [, n, text, kinds] of row.matchAll(/(\d+) `(\w+)` \(([^)]*)\)/g)) {
    for (const [, kind] of kinds.matchAll(/`(\w+)`/g)) docs[kind] = `${n} ${text}`;
  }
  assert.deepEqual(docs, worker);
});
