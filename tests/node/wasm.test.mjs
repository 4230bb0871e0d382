// The shipped wasm engine (dist/extension/engine, the very file the extension loads) exercised in
// Node: the answer-union contract, clear errors for bad input, and the same verdict as the CLI for
// every corpus page.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, loadCorpus } from '../lib/corpus.mjs';
import { ensureCli, cliVerdict, cliObservation, lastgate } from '../lib/cli.mjs';

const ENGINE_DIR = join(ROOT, 'dist', 'extension', 'engine');
let wasm;

before(async () => {
  ensureCli();
  wasm = await import(pathToFileURL(join(ENGINE_DIR, 'lastgate_wasm.js')).href);
  wasm.initSync({ module: readFileSync(join(ENGINE_DIR, 'lastgate_wasm_bg.wasm')) });
});

test('new Engine() assesses an observation and answers {ok: true, value: verdict}', () => {
  const engine = new wasm.Engine();
  const answer = engine.assessPage({ url: 'https://example.org/', text: 'Hello' });
  assert.deepEqual(answer, { ok: true, value: { flow: 'none', action: 'allow', risk: 0, privileged: false, token_backed: false, reasons: [], hold: [] } });
});

test('bad observations answer {ok: false, errors: [{path, message}]}, never throw', () => {
  const engine = new wasm.Engine();
  for (const [input, path] of [
    [42, ''],
    [null, ''],
    [{ url: 'not a url' }, 'url'],
    [{ url: 'ftp://example.org/' }, 'url'],
    [{ url: 'https://example.org/', fields: [{ type: 7 }] }, 'fields[0].type'],
    [{ url: 'https://example.org/', headings: 'x' }, 'headings'],
    [{ url: 'https://example.org/', bogus: 1 }, 'bogus'],
  ]) {
    const answer = engine.assessPage(input);
    assert.equal(answer.ok, false, JSON.stringify(input));
    assert.ok(Array.isArray(answer.errors) && answer.errors.length > 0);
    assert.equal(answer.errors[0].path, path, `${JSON.stringify(input)} → ${JSON.stringify(answer.errors)}`);
    assert.ok(answer.errors[0].message.length > 10);
  }
});

test('a bad policy: Engine.create answers errors; new Engine throws an Error carrying them', () => {
  const policy = { actions: { resett: 'block' } };
  const created = wasm.Engine.create(policy);
  assert.equal(created.ok, false);
  assert.equal(created.errors[0].path, 'actions.resett');
  assert.match(created.errors[0].message, /unknown flow 'resett'/);
  assert.throws(() => new wasm.Engine(policy), (e) => e instanceof Error && e.errors[0].path === 'actions.resett');
  assert.deepEqual(wasm.validatePolicy({ actions: { device_code: 'confirm' } }), { ok: true, value: null });
  const ok = wasm.Engine.create({ actions: { device_code: 'block' } });
  assert.equal(ok.ok, true);
});

test('the wasm build applies NFKC (through JavaScript) like the native build does', () => {
  const engine = new wasm.Engine();
  const page = (t) => ({ url: 'https://example.org/settings', headings: [t.heading], text: `${t.heading}\n${t.button}`, controls: [{ kind: 'button', text: t.button, type: 'submit' }], fields: [{ type: 'text', name: 'note', label: 'Note' }] });
  const ascii = engine.assessPage(page({ heading: 'New personal access token', button: 'Generate token' }));
  const wide = engine.assessPage(page({ heading: 'Ｎｅｗ ｐｅｒｓｏｎａｌ ａｃｃｅｓｓ ｔｏｋｅｎ', button: 'Ｇｅｎｅｒａｔｅ\u200b ｔｏｋｅｎ' }));
  assert.equal(ascii.value.flow, 'credential_reissue');
  // `hold` names the control as the page writes it (the extension finds it by that text).
  assert.deepEqual(wide.value.hold, ['Ｇｅｎｅｒａｔｅ\u200b ｔｏｋｅｎ']);
  assert.deepEqual({ ...wide.value, hold: [] }, { ...ascii.value, hold: [] });
});

test('every corpus page: the wasm engine gives the CLI verdict for the CLI observation', () => {
  const engine = new wasm.Engine();
  const pages = loadCorpus().filter((p) => !p.late);
  assert.ok(pages.length >= 20, 'corpus too small');
  for (const page of pages) {
    const observation = cliObservation(page);
    const answer = engine.assessPage(observation);
    assert.equal(answer.ok, true, `${page.file}: ${JSON.stringify(answer.errors)}`);
    assert.deepEqual(answer.value, cliVerdict(page), page.file);
  }
});

test('with the same policy, the wasm engine and `lastgate scan --policy` give the same verdict on every corpus page', () => {
  // Keys that move real corpus verdicts: a trusted host, a suspicious one, per-flow and per-stakes
  // actions, privileged identities and apps, the organisation's IdP, and include_identity.
  const policy = {
    version: 'same-meaning-1',
    trusted_hosts: ['github.com'],
    suspicious_hosts: ['microsoft.com'],
    actions: { device_code: 'block', oauth_consent: 'confirm', privileged: 'confirm' },
    privileged_identities: ['sam.ortiz@*', '*admin*@*'],
    privileged_apps: ['console.aws.amazon.com'],
    token_backed_apps: ['gitlab.com/-/user_settings'],
    identity_providers: { hosts: ['login.microsoftonline.com'], email_domains: ['fastmail.com'] },
    reporting: { endpoint: 'https://otel.corp.example/v1/logs', include_identity: true },
  };
  const file = join(mkdtempSync(join(tmpdir(), 'lastgate-policy-')), 'policy.json');
  writeFileSync(file, JSON.stringify(policy));
  const engine = new wasm.Engine(policy);
  const plain = new wasm.Engine();
  let changed = 0;
  // Every third page: here the CLI runs once per page (no batch takes a policy), ~120 ms each, and
  // what is compared is the policy's meaning on both sides, which the test above already checks
  // page by page without one.
  for (const page of loadCorpus().filter((p, i) => !p.late && i % 3 === 0)) {
    const observation = cliObservation(page);
    const answer = engine.assessPage(observation);
    assert.equal(answer.ok, true, `${page.file}: ${JSON.stringify(answer.errors)}`);
    const args = ['scan', page.path, '--url', page.url, '--json', '--policy', file];
    if (page.referrer) args.push('--referrer', page.referrer);
    const cli = lastgate(args);
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(answer.value, JSON.parse(cli.stdout), page.file);
    if (JSON.stringify(answer.value) !== JSON.stringify(plain.assessPage(observation).value)) changed += 1;
  }
  // The comparison means something only if the policy moved verdicts.
  assert.ok(changed >= 20, `the policy changed only ${changed} verdicts`);
});
