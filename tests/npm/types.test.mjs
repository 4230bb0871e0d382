// The package's TypeScript declarations, as a consumer's `tsc --noEmit` sees them: a typed Node
// portal and agent (nodenext resolution, the `node` export condition) and a typed browser page
// (bundler resolution, DOM) compile; a file of mistakes fails on exactly the lines that are wrong.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../lib/corpus.mjs';
import { installPackage } from './lib.mjs';

const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');
let dir;

before(() => {
  dir = join(installPackage().dir, 'typed');
});

const tsc = (config) => spawnSync(TSC, ['--noEmit', '-p', config], { cwd: dir, encoding: 'utf8' });

test('a typed Node portal and agent type-check against the package (tsc --noEmit)', () => {
  const r = tsc('tsconfig.json');
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('a typed browser page type-checks against the package (bundler resolution, DOM)', () => {
  const r = tsc('tsconfig.page.json');
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('mistakes are type errors: an unknown mode, an unknown identity kind, reading value without checking ok', () => {
  const r = tsc('tsconfig.wrong.json');
  assert.notEqual(r.status, 0);
  const lines = [...r.stdout.matchAll(/^wrong\.ts\((\d+),\d+\): error/gm)].map((m) => Number(m[1]));
  assert.deepEqual([...new Set(lines)].sort((a, b) => a - b), [4, 5, 7], r.stdout);
  assert.match(r.stdout, /'"robot"' is not assignable/);
  assert.match(r.stdout, /Property 'value' does not exist/);
});

test('assessHtml is typed in the Node build only: a browser page calling it is a type error', () => {
  const r = tsc('tsconfig.wrong-page.json');
  assert.notEqual(r.status, 0);
  const lines = [...r.stdout.matchAll(/^wrong-page\.ts\((\d+),\d+\): error/gm)].map((m) => Number(m[1]));
  assert.deepEqual([...new Set(lines)], [4], r.stdout);
  assert.match(r.stdout, /Property 'assessHtml' does not exist/);
});
