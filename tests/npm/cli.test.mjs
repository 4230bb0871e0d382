// `npx lastgate policy check FILE…` (the npm package's bin, on the Node build's wasm) answers exactly
// as the Rust CLI's `lastgate policy check`: the same stdout, stderr and exit code for every example
// file in docs/, for files with mistakes, and for a file that cannot be read. Admins without Rust
// check their deployment files with it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../lib/corpus.mjs';
import { ensureCli, lastgate } from '../lib/cli.mjs';
import { installPackage } from './lib.mjs';

let dir;
before(() => {
  ensureCli();
  dir = mkdtempSync(join(tmpdir(), 'lastgate-npx-'));
  writeFileSync(join(dir, 'package.json'), '{"name": "admin-scripts", "private": true}');
  // A real install of the packed tarball (offline: the package has no dependencies), so npx finds the bin.
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', installPackage().tarball], { cwd: dir, stdio: 'pipe' });
});
after(() => rmSync(dir, { recursive: true, force: true }));

const npx = (args) => {
  // Run in the admin's project, where the package is installed (paths are absolute, as the CLI's).
  const r = spawnSync('npx', ['--offline', 'lastgate', ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

function files() {
  const md = readFileSync(join(ROOT, 'docs', 'deploy.md'), 'utf8');
  const blocks = md.split('```json\n').slice(1).map((rest) => rest.split('```')[0]);
  assert.ok(blocks.length >= 10, `only ${blocks.length} JSON examples in docs/deploy.md`);
  const out = blocks.map((text, i) => {
    const f = join(dir, `deploy-example-${String(i).padStart(2, '0')}.json`);
    writeFileSync(f, text);
    return f;
  });
  return [join(ROOT, 'docs', 'examples', 'policy.json'), ...out];
}

test('npx lastgate policy check agrees with the CLI on every example file in docs/, one by one and all at once', () => {
  const all = files();
  for (const args of [...all.map((f) => ['policy', 'check', f]), ['policy', 'check', ...all]]) {
    const cli = lastgate(args);
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(npx(args), cli, args.join(' '));
  }
});

test('npx lastgate policy check agrees with the CLI on files with mistakes and on a file that cannot be read', () => {
  const chrome = join(dir, 'chrome.json');
  writeFileSync(chrome, JSON.stringify({
    ExtensionInstallForcelist: ['llacpcndkamhedopoleneinplflhnnfp;http://ext.corp.example/updates.xml', 'nope'],
    '3rdparty': { extensions: { llacpcndkamhedopoleneinplflhnnfp: { mode: 'monitr', actions: { resett: 'block' } } } },
  }));
  const firefox = join(dir, 'policies.json');
  writeFileSync(firefox, JSON.stringify({ policies: { '3rdparty': { extensions: { 'lastgate@lastgate.example': {} } } } }));
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, '{"mode": "enforce",');
  for (const args of [['policy', 'check', chrome], ['policy', 'check', firefox, chrome, broken], ['policy', 'check', join(dir, 'missing.json')]]) {
    const cli = lastgate(args);
    assert.equal(cli.code, 2, cli.stderr);
    assert.deepEqual(npx(args), cli, args.join(' '));
  }
  // Anything but `policy check FILE…` is a usage error (the other commands are the Rust CLI's).
  const usage = npx(['scan', 'page.html']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /usage: lastgate policy check FILE/);
});
