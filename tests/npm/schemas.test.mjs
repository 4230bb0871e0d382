// The JSON Schemas shipped in the package (dist/npm/schemas) cannot drift from the engine:
// every corpus observation and verdict (from the CLI) and every recovery example validates, invalid
// ones fail, and each schema's keys and enumerations equal what the engine itself lists in its
// "expected one of …" errors.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { loadCorpus, ROOT } from '../lib/corpus.mjs';
import { cliObservation, cliVerdict, ensureCli } from '../lib/cli.mjs';

const PKG = join(ROOT, 'dist', 'npm');
const schema = (name) => JSON.parse(readFileSync(join(PKG, 'schemas', `${name}.schema.json`), 'utf8'));
const EXAMPLES = JSON.parse(readFileSync(join(ROOT, 'docs', 'examples', 'recovery-requests.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validator = {};
let lg;
let engine;

before(async () => {
  ensureCli();
  for (const n of ['observation', 'verdict', 'policy', 'recovery-request', 'recovery-decision']) validator[n] = ajv.compile(schema(n));
  lg = await import(pathToFileURL(join(PKG, 'node', 'index.js')).href);
  engine = new lg.Engine();
});

const check = (name, value, label) => assert.ok(validator[name](value), `${label}: ${ajv.errorsText(validator[name].errors)}`);
const fails = (name, value, label) => assert.equal(validator[name](value), false, `${label} should not validate against ${name}`);

/** The names an engine error lists after "expected one of" (or "expected …:"), without quotes. */
function listed(message) {
  const m = message.match(/expected (?:one of |[^:`']*: )?(.+?)(?: at line \d+.*)?$/);
  assert.ok(m, `no list in: ${message}`);
  return m[1].split(/,\s*|\s+or\s+/).map((s) => s.replace(/[`'"]/g, '').trim()).sort();
}
const sorted = (xs) => [...xs].sort();
/** Where to fix a drift: the schema file in npm/schemas/ that must follow the engine. */
const fix = (name, what) => `${what}: the engine and npm/schemas/${name}.schema.json disagree; update the schema (and npm/index.d.ts)`;

test('every corpus observation and verdict validates; broken ones do not', () => {
  const pages = loadCorpus().filter((p) => !p.late);
  for (const page of pages) {
    check('observation', cliObservation(page), page.file);
    check('verdict', cliVerdict(page), page.file);
  }
  const obs = cliObservation(pages[0]);
  fails('observation', { ...obs, bogus: 1 }, 'an unknown key');
  fails('observation', { ...obs, fields: [{ type: 7 }] }, 'a number for a string');
  fails('observation', { ...obs, controls: [{ kind: 'checkbox' }] }, 'an unknown control kind');
  fails('observation', { text: 'no url' }, 'no url');
  const v = cliVerdict(pages[0]);
  fails('verdict', { ...v, action: 'panic' }, 'an unknown action');
  fails('verdict', { ...v, risk: 101 }, 'risk over 100');
  const { hold, ...noHold } = v;
  fails('verdict', noHold, 'a verdict without hold');
});

test('every recovery example, and the one in docs/recovery.md, validates; its decision too; invalid ones fail', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'recovery.md'), 'utf8');
  const fromDoc = JSON.parse(doc.match(/## Request\n```json\n([\s\S]+?)```/)[1]);
  for (const [label, request] of [['docs/recovery.md', fromDoc], ...EXAMPLES.examples.map((e) => [e.name, e.request])]) {
    check('recovery-request', request, label);
    const answer = engine.assessRecovery(request);
    assert.equal(answer.ok, true, label);
    check('recovery-decision', answer.value, label);
  }
  for (const bad of EXAMPLES.invalid) {
    fails('recovery-request', bad.request, JSON.stringify(bad.request));
    assert.equal(engine.assessRecovery(bad.request).ok, false);
  }
  fails('recovery-decision', { decision: 'maybe', missing: [], reasons: [] }, 'an unknown decision');
});

test('policies: what validatePolicy accepts validates, misspelt keys and values fail both', () => {
  const good = [
    {},
    { version: '2026-11-01', mode: 'monitor', actions: { device_code: 'block', privileged: 'confirm' }, trusted_hosts: ['corp.example', '*.corp.example'], help_desk: 'IT, +1 555 0100' },
    { identity_providers: { hosts: ['login.corp.example'], email_domains: ['corp.example'] }, privileged_identities: ['*-admin@corp.example'], user_override: { dismiss_warning: true } },
    { catalog: { services: [{ name: 'Acme Vault', domains: ['acmevault.example'] }], scopes: { 'vault:admin': 'privileged' } } },
  ];
  for (const p of good) {
    assert.deepEqual(lg.validatePolicy(p), { ok: true, value: null }, JSON.stringify(p));
    check('policy', p, JSON.stringify(p));
  }
  for (const p of [{ mode: 'monitr' }, { actions: { resett: 'block' } }, { actions: { device_code: 'blok' } }, { trusted_host: [] }, { user_override: { dismiss: true } }]) {
    assert.equal(lg.validatePolicy(p).ok, false, JSON.stringify(p));
    fails('policy', p, JSON.stringify(p));
  }
});

const EXAMPLE_POLICY = join(ROOT, 'docs', 'examples', 'policy.json');
test('the documented example policy (docs/examples/policy.json) is valid for the engine and the schema', { skip: !existsSync(EXAMPLE_POLICY) && 'no docs/examples/policy.json' }, () => {
  const p = JSON.parse(readFileSync(EXAMPLE_POLICY, 'utf8'));
  assert.deepEqual(lg.validatePolicy(p), { ok: true, value: null });
  check('policy', p, 'docs/examples/policy.json');
});

test("schemas list exactly the keys and values the engine knows (from the engine's own errors)", () => {
  const keys = (s) => sorted(Object.keys(s.properties));
  const obsErr = (o) => engine.assessPage({ url: 'https://example.org/', ...o }).errors[0].message;
  const o = schema('observation');
  assert.deepEqual(keys(o), listed(obsErr({ zzz: 1 })), fix('observation', 'observation keys'));
  assert.deepEqual(keys(o.properties.fields.items), listed(obsErr({ fields: [{ zzz: 1 }] })), fix('observation', 'observation.fields[] keys'));
  assert.deepEqual(keys(o.properties.controls.items), listed(obsErr({ controls: [{ zzz: 1 }] })), fix('observation', 'observation.controls[] keys'));
  assert.deepEqual(sorted(o.properties.controls.items.properties.kind.enum), listed(obsErr({ controls: [{ kind: 'zzz' }] })), fix('observation', 'control kinds'));
  assert.deepEqual(keys(o.properties.context), listed(obsErr({ context: { zzz: 1 } })), fix('observation', 'observation.context keys'));
  assert.deepEqual(keys(o.properties.context.properties.recent.items), listed(obsErr({ context: { recent: [{ zzz: 1 }] } })), fix('observation', 'context.recent[] keys'));
  assert.deepEqual(keys(o.properties.opaque), listed(obsErr({ opaque: { zzz: 1 } })), fix('observation', 'observation.opaque keys'));

  const base = { identity: { kind: 'human' }, action: 'password_reset', channel: 'self_service', requester: 'x' };
  const recErr = (r) => engine.assessRecovery({ ...base, ...r }).errors[0].message;
  const r = schema('recovery-request');
  assert.deepEqual(keys(r), listed(recErr({ zzz: 1 })), fix('recovery-request', 'recovery request keys'));
  assert.deepEqual(keys(r.properties.identity), listed(recErr({ identity: { kind: 'human', zzz: 1 } })), fix('recovery-request', 'identity keys'));
  assert.deepEqual(keys(r.properties.history), listed(recErr({ history: { zzz: 1 } })), fix('recovery-request', 'history keys'));
  assert.deepEqual(sorted(r.properties.identity.properties.kind.enum), listed(recErr({ identity: { kind: 'zzz' } })), fix('recovery-request', 'identity kinds'));
  assert.deepEqual(sorted(r.properties.action.enum), listed(recErr({ action: 'zzz' })), fix('recovery-request', 'recovery actions'));
  assert.deepEqual(sorted(r.properties.channel.enum), listed(recErr({ channel: 'zzz' })), fix('recovery-request', 'channels'));
  assert.deepEqual(sorted(r.$defs.evidence.enum), listed(recErr({ evidence: ['zzz'] })), fix('recovery-request', 'evidence'));
  assert.deepEqual(sorted(schema('recovery-decision').properties.missing.items.enum), sorted(r.$defs.evidence.enum));

  const polErr = (p) => lg.validatePolicy(p).errors[0].message;
  const p = schema('policy');
  assert.deepEqual(keys(p), listed(polErr({ zzz: 1 })), fix('policy', 'policy keys'));
  assert.deepEqual(sorted(p.properties.actions.propertyNames.enum), listed(lg.validatePolicy({ actions: { zzz: 'warn' } }).errors[0].message), fix('policy', 'policy.actions keys (flows and stakes)'));
  assert.deepEqual(sorted(p.$defs.action.enum), listed(polErr({ actions: { device_code: 'zzz' } })), fix('policy', 'actions'));
  for (const key of ['identity_providers', 'user_override', 'catalog', 'reporting']) {
    assert.deepEqual(keys(p.properties[key]), listed(polErr({ [key]: { zzz: 1 } })), fix('policy', `policy.${key} keys`));
  }

  const v = schema('verdict');
  const flows = p.$defs.flow.enum;
  assert.deepEqual(sorted(v.properties.flow.enum), sorted([...flows, 'none']), fix('verdict', 'verdict flows = policy flows + none'));
  assert.deepEqual(sorted(v.properties.action.enum), sorted(p.$defs.action.enum), fix('verdict', 'verdict actions'));
});
