// The Windows administrative templates `make build` writes (scripts/admx.mjs): dist/admx/lastgate.admx
// and dist/admx/en-US/lastgate.adml are well-formed XML in the Group Policy namespace; every top-level
// key of extension/managed_schema.json is one policy for Chrome and one for Edge, each writing the
// registry value that browser reads (…\3rdparty\extensions\<id>\policy, the value's name and type);
// every string and presentation the ADMX names is in the ADML; and the example policy
// (docs/examples/policy.json), entered through the policies and read back the way Chrome reads the
// registry, is the same policy. See docs/deploy.md, "Windows".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../lib/corpus.mjs';
import { descendants, elements, parseXml, textOf } from '../lib/xml.mjs';
import { templates } from '../../scripts/admx.mjs';

const PD_NS = 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions';
const readJson = (...p) => JSON.parse(readFileSync(join(ROOT, ...p), 'utf8'));
const schema = readJson('extension', 'managed_schema.json');
const manifest = readJson('extension', 'manifest.json');
const example = readJson('docs', 'examples', 'policy.json');
// The id administrators are told to use (docs/deploy.md, "Identifiers").
const DOCS_ID = readFileSync(join(ROOT, 'docs', 'deploy.md'), 'utf8').match(/\| Chrome \/ Edge extension id \| `([a-p]{32})` \|/)?.[1];

/** Where each browser reads an extension's policy (HKLM). */
const roots = (ids) => ({
  Chrome: `Software\\Policies\\Google\\Chrome\\3rdparty\\extensions\\${ids.Chrome}\\policy`,
  Edge: `Software\\Policies\\Microsoft\\Edge\\3rdparty\\extensions\\${ids.Edge}\\policy`,
});

/** Runs scripts/admx.mjs as `make build` does, into a scratch folder; returns both files' text. */
function generate(env = {}) {
  const out = mkdtempSync(join(tmpdir(), 'lastgate-admx-'));
  try {
    const log = execFileSync(process.execPath, [join(ROOT, 'scripts', 'admx.mjs')], { cwd: ROOT, env: { ...process.env, ...env, LASTGATE_ADMX_OUT: out }, encoding: 'utf8' });
    assert.match(log, /^built .*lastgate\.admx and .*lastgate\.adml$/m);
    return { admx: readFileSync(join(out, 'lastgate.admx'), 'utf8'), adml: readFileSync(join(out, 'en-US', 'lastgate.adml'), 'utf8') };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The values a string may take by the schema's convention ("One of: a, b."), or null. */
function oneOf(prop) {
  if (Array.isArray(prop.enum)) return prop.enum;
  return /\bOne of: ([\w-]+(?:, [\w-]+)*)\./.exec(prop.description ?? '')?.[1].split(', ') ?? null;
}

const lower = (s) => s.toLowerCase();

/**
 * What is wrong with the policies of `admx` for `schema`: every top-level key must have exactly one
 * policy per browser, writing that browser's key with the key's name and the type Chrome reads for
 * it; no policy may write anything else. An empty list when all is right.
 */
function coverageProblems(admx, schema, ids) {
  const problems = [];
  const policies = descendants(admx, 'policy');
  for (const [browser, root] of Object.entries(roots(ids))) {
    const mine = policies.filter((p) => lower(p.attrs.key ?? '') === lower(root));
    const byKey = new Map();
    for (const p of mine) {
      // What the policy writes: its own value (Enabled/Disabled), or its elements' values.
      const els = elements(elements(p, 'elements')[0] ?? { children: [] });
      const writes = [];
      if (p.attrs.valueName) writes.push({ kind: 'boolean', name: p.attrs.valueName, key: root, el: p });
      for (const e of els) writes.push({ kind: e.local, name: e.local === 'list' ? (e.attrs.key ?? '').slice(root.length + 1) : e.attrs.valueName, key: e.attrs.key ?? root, el: e });
      if (writes.length !== 1) problems.push(`${browser} ${p.attrs.name}: writes ${writes.length} values, expected one`);
      for (const w of writes) byKey.set(w.name, [...(byKey.get(w.name) ?? []), { ...w, policy: p }]);
    }
    for (const name of byKey.keys()) if (!Object.hasOwn(schema.properties, name)) problems.push(`${browser}: a policy writes '${name}', which is not in the schema`);
    for (const [key, prop] of Object.entries(schema.properties)) {
      const found = byKey.get(key) ?? [];
      if (found.length !== 1) {
        problems.push(`${browser} ${key}: ${found.length} policies write it, expected one`);
        continue;
      }
      const [w] = found;
      const at = `${browser} ${key} (${w.policy.attrs.name})`;
      const expect = (cond, what) => { if (!cond) problems.push(`${at}: ${what}`); };
      if (prop.type === 'boolean') {
        expect(w.kind === 'boolean', `a boolean must be the policy's own REG_DWORD (Enabled 1, Disabled 0), not <${w.kind}>`);
        const dword = (tag) => descendants(elements(w.policy, tag)[0] ?? { children: [] }, 'decimal')[0]?.attrs.value;
        expect(dword('enabledValue') === '1' && dword('disabledValue') === '0', 'Enabled must write 1 and Disabled 0');
      } else if (prop.type === 'integer') {
        expect(w.kind === 'decimal' && w.el.attrs.storeAsText !== 'true', `an integer must be a <decimal> (REG_DWORD), not <${w.kind}>`);
      } else if (prop.type === 'string') {
        const values = oneOf(prop);
        if (values) {
          expect(w.kind === 'enum', `a string with fixed values must be an <enum>, not <${w.kind}>`);
          const items = descendants(w.el, 'item').map((i) => descendants(i, 'string').map(textOf));
          expect(JSON.stringify(items) === JSON.stringify(values.map((v) => [v])), `enum items ${JSON.stringify(items)}, expected ${values}`);
        } else {
          expect(w.kind === 'text' && w.el.attrs.expandable !== 'true', `a string must be a <text> (REG_SZ), not <${w.kind}>`);
        }
      } else if (prop.type === 'array' && prop.items?.type === 'string') {
        expect(w.kind === 'list', `a list of strings must be a <list>, not <${w.kind}>`);
        expect(lower(w.key) === lower(`${root}\\${key}`), `the list must be the subkey ${root}\\${key}, not ${w.key}`);
        expect(w.el.attrs.valuePrefix === '' && w.el.attrs.explicitValue !== 'true', 'list values must be named 1, 2, 3… (valuePrefix="")');
      } else {
        expect(w.kind === 'text', `an ${prop.type} must be a <text> holding JSON, not <${w.kind}>`);
      }
      if (w.kind !== 'list') expect(lower(w.key) === lower(root), `writes under ${w.key}, expected ${root}`);
    }
  }
  for (const p of policies) {
    if (!Object.values(roots(ids)).some((r) => lower(p.attrs.key ?? '') === lower(r))) problems.push(`${p.attrs.name}: key ${p.attrs.key} is neither browser's policy key`);
  }
  return problems;
}

/**
 * The registry after each policy is Enabled (or, for a boolean false, Disabled) with the value
 * `policy` gives its key, the way an administrator fills it in: text as is, JSON for objects and
 * other lists, the matching dropdown item, one list row per entry. Map of key path → Map of value name
 * → { type, data }.
 */
function applyPolicies(admx, schema, policy) {
  const registry = new Map();
  const write = (key, name, type, data) => {
    const k = lower(key);
    if (!registry.has(k)) registry.set(k, new Map());
    registry.get(k).set(name, { type, data });
  };
  for (const p of descendants(admx, 'policy')) {
    const els = elements(elements(p, 'elements')[0] ?? { children: [] });
    const name = p.attrs.valueName ?? els[0]?.attrs.valueName ?? (els[0]?.attrs.key ?? '').split('\\').at(-1);
    const value = policy[name];
    if (value === undefined) continue;
    if (p.attrs.valueName) {
      const v = elements(p, value ? 'enabledValue' : 'disabledValue')[0];
      assert.ok(v, `${p.attrs.name}: no ${value ? 'enabled' : 'disabled'}Value`);
      write(p.attrs.key, p.attrs.valueName, 'REG_DWORD', Number(descendants(v, 'decimal')[0].attrs.value));
      continue;
    }
    for (const e of els) {
      const key = e.attrs.key ?? p.attrs.key;
      if (e.local === 'text') {
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        assert.ok(text.length <= Number(e.attrs.maxLength ?? 1023), `${p.attrs.name}: ${text.length} characters exceed maxLength ${e.attrs.maxLength}`);
        write(key, e.attrs.valueName, 'REG_SZ', text);
      } else if (e.local === 'enum') {
        const item = descendants(e, 'item').find((i) => textOf(descendants(i, 'string')[0] ?? { children: [] }) === value);
        assert.ok(item, `${p.attrs.name}: no dropdown item for ${JSON.stringify(value)}`);
        write(key, e.attrs.valueName, 'REG_SZ', value);
      } else if (e.local === 'decimal') {
        assert.ok(value >= Number(e.attrs.minValue ?? 0) && value <= Number(e.attrs.maxValue ?? 9999), `${p.attrs.name}: ${value} is out of range`);
        write(key, e.attrs.valueName, 'REG_DWORD', value);
      } else if (e.local === 'list') {
        // With valuePrefix the rows are named prefix1, prefix2…; without it each row is named by its value.
        value.forEach((v, i) => write(key, e.attrs.valuePrefix !== undefined ? `${e.attrs.valuePrefix}${i + 1}` : v, 'REG_SZ', v));
      } else {
        assert.fail(`${p.attrs.name}: <${e.local}> is not simulated`);
      }
    }
  }
  return registry;
}

/**
 * Chrome's reading of one extension's policy key (registry_dict.cc), led by the schema: objects from
 * subkeys, lists from subkeys with values 1, 2, 3…, either from a REG_SZ holding JSON; strings from
 * REG_SZ; booleans and integers from REG_DWORD. Throws on what Chrome would drop.
 */
function readPolicy(registry, root, schema) {
  const subkeys = (path) => [...new Set([...registry.keys()].filter((k) => k.startsWith(`${path}\\`)).map((k) => k.slice(path.length + 1).split('\\')[0]))];
  const fromValue = ({ type, data }, s, at) => {
    if ((s.type === 'object' || s.type === 'array') && type === 'REG_SZ') return JSON.parse(data);
    if (s.type === 'string' && type === 'REG_SZ') return data;
    if (s.type === 'boolean' && type === 'REG_DWORD') return data !== 0;
    if (s.type === 'integer' && type === 'REG_DWORD') return data;
    throw new Error(`${at}: a ${s.type} cannot come from ${type}`);
  };
  const fromKey = (path, s, at) => {
    const values = registry.get(path) ?? new Map();
    if (s.type === 'array') {
      return [...values].map(([n, v]) => {
        if (!/^[1-9][0-9]*$/.test(n)) throw new Error(`${at}: list value named '${n}', expected 1, 2, 3…`);
        return [Number(n), fromValue(v, s.items, `${at}[${n}]`)];
      }).sort((a, b) => a[0] - b[0]).map(([, v]) => v);
    }
    if (s.type !== 'object') throw new Error(`${at}: a ${s.type} cannot come from a subkey`);
    const sub = (n) => s.properties?.[n] ?? s.additionalProperties ?? (() => { throw new Error(`${at}.${n} is not in the schema`); })();
    const out = {};
    for (const [n, v] of values) out[n] = fromValue(v, sub(n), `${at}.${n}`);
    for (const n of subkeys(path)) out[n] = fromKey(`${path}\\${n}`, sub(n), `${at}.${n}`);
    return out;
  };
  return fromKey(lower(root), schema, 'policy');
}

/** Parses both files and the references between them; returns the trees and the ADML tables. */
function parsePair({ admx, adml }) {
  const x = parseXml(admx);
  const l = parseXml(adml);
  const table = descendants(l, 'stringTable');
  assert.equal(table.length, 1, 'one string table');
  const strings = new Map(descendants(table[0], 'string').map((s) => [s.attrs.id, textOf(s)]));
  const presentations = new Map(descendants(l, 'presentation').map((p) => [p.attrs.id, p]));
  return { x, l, strings, presentations };
}

const generated = generate();
const ids = { Chrome: DOCS_ID, Edge: DOCS_ID };

test('both files are well-formed XML in the Group Policy namespace, with revisions that fit', () => {
  const { x, l } = parsePair(generated);
  assert.equal(x.name, 'policyDefinitions');
  assert.equal(l.name, 'policyDefinitionResources');
  for (const root of [x, l]) {
    assert.equal(root.ns, PD_NS);
    assert.match(root.attrs.revision, /^\d+\.\d+$/);
    assert.equal(root.attrs.schemaVersion, '1.0');
    const all = (n) => elements(n).flatMap((c) => [c, ...all(c)]);
    for (const e of all(root)) assert.equal(e.ns, PD_NS, `<${e.name}> in the PolicyDefinitions namespace`);
  }
  assert.ok(generated.admx.startsWith('<?xml version="1.0" encoding="utf-8"?>\n'));
  assert.ok(generated.adml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n'));
  // The ADMX's own namespace, and the ADML revision it needs.
  const target = descendants(x, 'target');
  assert.equal(target.length, 1);
  assert.equal(target[0].attrs.namespace, 'Lastgate.Policies.Lastgate');
  assert.match(target[0].attrs.prefix, /^[A-Za-z_][\w.-]*$/);
  assert.deepEqual(descendants(x, 'using'), [], 'no other template is needed (Intune imports it alone)');
  const needs = descendants(x, 'resources')[0].attrs.minRequiredRevision;
  assert.ok(Number(l.attrs.revision) >= Number(needs), `ADML revision ${l.attrs.revision} < ${needs}`);
  assert.ok(textOf(elements(l, 'displayName')[0]).length > 0);
  // The order the PolicyDefinitions schema requires.
  assert.deepEqual(elements(x).map((e) => e.local), ['policyNamespaces', 'resources', 'supportedOn', 'categories', 'policies']);
  assert.deepEqual(elements(l).map((e) => e.local), ['displayName', 'description', 'resources']);
});

test('categories form one tree under Lastgate, a branch per browser; every reference resolves', () => {
  const { x, strings } = parsePair(generated);
  const categories = new Map(descendants(x, 'category').map((c) => [c.attrs.name, c]));
  const parentOf = (c) => elements(c, 'parentCategory')[0]?.attrs.ref;
  const tops = [...categories.values()].filter((c) => !parentOf(c));
  assert.deepEqual(tops.map((c) => c.attrs.name), ['Lastgate']);
  for (const c of categories.values()) if (parentOf(c)) assert.ok(categories.has(parentOf(c)), `category ${c.attrs.name}: parent ${parentOf(c)}`);
  const supported = new Set(descendants(x, 'definition').map((d) => d.attrs.name));
  const names = descendants(x, 'policy').map((p) => p.attrs.name);
  assert.equal(new Set(names).size, names.length, 'policy names are unique');
  const display = (ref) => strings.get(/^\$\(string\.(.+)\)$/.exec(ref)?.[1]);
  for (const [browser, root] of Object.entries(roots(ids))) {
    const mine = descendants(x, 'policy').filter((p) => p.attrs.key === root);
    assert.equal(mine.length, Object.keys(schema.properties).length, `${browser}: one policy per key`);
    const cats = new Set(mine.map((p) => elements(p, 'parentCategory')[0].attrs.ref));
    assert.equal(cats.size, 1, `${browser}: one category`);
    const cat = categories.get([...cats][0]);
    assert.ok(cat, `${browser}: category defined`);
    assert.equal(parentOf(cat), 'Lastgate');
    assert.match(display(cat.attrs.displayName), new RegExp(browser));
    for (const p of mine) {
      const sup = elements(p, 'supportedOn')[0].attrs.ref;
      assert.ok(supported.has(sup), `${p.attrs.name}: supportedOn ${sup}`);
      assert.equal(p.attrs.class, 'Machine');
      assert.match(display(descendants(x, 'definition').find((d) => d.attrs.name === sup).attrs.displayName), new RegExp(`${browser} ${manifest.minimum_chrome_version} or later`));
    }
  }
});

test('every string and presentation the ADMX names is in the ADML, and the controls match the elements', () => {
  const { strings, presentations } = parsePair(generated);
  const refs = [...generated.admx.matchAll(/\$\((string|presentation)\.([^)]*)\)/g)];
  assert.ok(refs.length > 4 * Object.keys(schema.properties).length);
  const missing = refs.filter(([, kind, id]) => !(kind === 'string' ? strings : presentations).has(id)).map(([m]) => m);
  assert.deepEqual(missing, []);
  const used = new Set(refs.map(([, , id]) => id));
  assert.deepEqual([...strings.keys()].filter((id) => !used.has(id)), [], 'strings no policy uses');
  const stringIds = descendants(parseXml(generated.adml), 'string').map((s) => s.attrs.id);
  assert.equal(new Set(stringIds).size, stringIds.length, 'string ids are unique');
  const presentationIds = descendants(parseXml(generated.adml), 'presentation').map((p) => p.attrs.id);
  assert.equal(new Set(presentationIds).size, presentationIds.length, 'presentation ids are unique');
  for (const s of strings.values()) assert.ok(s.trim().length > 0);
  // Each policy's presentation has one control per element, of the matching kind, with its id.
  const control = { text: 'textBox', enum: 'dropdownList', decimal: 'decimalTextBox', list: 'listBox', boolean: 'checkBox', multiText: 'multiTextBox' };
  for (const p of descendants(parseXml(generated.admx), 'policy')) {
    const pres = presentations.get(/^\$\(presentation\.(.+)\)$/.exec(p.attrs.presentation)?.[1]);
    assert.ok(pres, `${p.attrs.name}: presentation`);
    const els = elements(elements(p, 'elements')[0] ?? { children: [] });
    assert.deepEqual(elements(pres).map((c) => [c.local, c.attrs.refId]), els.map((e) => [control[e.local], e.attrs.id]), p.attrs.name);
    // The explanation says what to enter; a JSON value comes with an example that is the documented one.
    const explain = strings.get(/^\$\(string\.(.+)\)$/.exec(p.attrs.explainText)?.[1]);
    const key = p.attrs.valueName ?? els[0].attrs.valueName ?? els[0].attrs.key.split('\\').at(-1);
    assert.ok(explain.startsWith(schema.properties[key].description), `${p.attrs.name}: the schema's description first`);
    assert.ok(explain.includes(`HKLM\\${p.attrs.key}`), `${p.attrs.name}: names its registry key`);
    if (els[0]?.local === 'text' && typeof example[key] !== 'string') {
      assert.match(explain, /\bJSON\b/, `${p.attrs.name}: says it is JSON`);
      const shown = /\nExample:\n(.+)/.exec(explain)?.[1];
      assert.ok(shown, `${p.attrs.name}: an example`);
      assert.deepEqual(JSON.parse(shown), example[key], `${p.attrs.name}: the example is docs/examples/policy.json's`);
    }
  }
});

test('every key of managed_schema.json is one policy for Chrome and one for Edge, writing the right registry value', () => {
  const { x } = parsePair(generated);
  assert.deepEqual(coverageProblems(x, schema, ids), []);
  // The check fails when a policy is missing, writes another name, or the schema gains a key.
  const chromeText = (tree) => descendants(tree, 'policy').find((p) => p.attrs.key.includes('\\Google\\') && descendants(p, 'text').length);
  const dropped = parsePair(generated).x;
  const gone = chromeText(dropped);
  const key = descendants(gone, 'text')[0].attrs.valueName;
  const policies = descendants(dropped, 'policies')[0];
  policies.children = policies.children.filter((c) => c !== gone);
  assert.deepEqual(coverageProblems(dropped, schema, ids), [`Chrome ${key}: 0 policies write it, expected one`]);
  const renamed = parsePair(generated).x;
  descendants(chromeText(renamed), 'text')[0].attrs.valueName = 'Renamed';
  assert.deepEqual(coverageProblems(renamed, schema, ids), ["Chrome: a policy writes 'Renamed', which is not in the schema", `Chrome ${key}: 0 policies write it, expected one`]);
  const grown = { ...schema, properties: { ...schema.properties, new_key: { type: 'string', description: 'New.' } } };
  assert.deepEqual(coverageProblems(x, grown, ids), ['Chrome new_key: 0 policies write it, expected one', 'Edge new_key: 0 policies write it, expected one']);
});

test('the example policy entered through the policies reads back, in each browser, as the same policy', () => {
  const { x } = parsePair(generated);
  assert.deepEqual(Object.keys(example).sort(), Object.keys(schema.properties).sort(), 'docs/examples/policy.json sets every key');
  const registry = applyPolicies(x, schema, example);
  const under = Object.values(roots(ids)).map(lower);
  for (const k of registry.keys()) assert.ok(under.some((r) => k === r || k.startsWith(`${r}\\`)), `${k} is outside the browsers' policy keys`);
  for (const [browser, root] of Object.entries(roots(ids))) {
    assert.deepEqual(readPolicy(registry, root, schema), example, browser);
  }
});

test('the ids: the published one by default (docs/deploy.md), each browser\'s own when given', () => {
  assert.ok(DOCS_ID, 'docs/deploy.md names the extension id');
  assert.ok(generated.admx.includes(`\\extensions\\${DOCS_ID}\\policy`));
  const chrome = 'abcdefghijklmnopabcdefghijklmnop';
  const edge = 'ponmlkjihgfedcbaponmlkjihgfedcba';
  const other = generate({ LASTGATE_CHROME_ID: chrome, LASTGATE_EDGE_ID: edge });
  assert.deepEqual(coverageProblems(parsePair(other).x, schema, { Chrome: chrome, Edge: edge }), []);
  assert.ok(!other.admx.includes(DOCS_ID) && !other.adml.includes(DOCS_ID), 'the published id is nowhere');
  assert.throws(() => execFileSync(process.execPath, [join(ROOT, 'scripts', 'admx.mjs')], { env: { ...process.env, LASTGATE_CHROME_ID: 'not-an-id', LASTGATE_ADMX_OUT: join(tmpdir(), 'lastgate-admx-never') }, stdio: 'pipe' }), /32 letters a-p/);
});

test('every schema type has its registry form, and text needing escapes survives', () => {
  const odd = 'Quotes " and \' and <b>tags</b> & ampersands; ]]> too.';
  const synthetic = {
    type: 'object',
    properties: {
      flag: { type: 'boolean', description: `A flag. ${odd}` },
      off: { type: 'boolean', description: 'Another flag.' },
      count: { type: 'integer', description: 'How many. From 1 to 500.' },
      level: { type: 'string', enum: ['low', 'high'], description: 'A level.' },
      pick: { type: 'string', description: 'A pick. One of: a-one, b_two.' },
      name: { type: 'string', title: 'The <name>', description: 'A name.' },
      hosts: { type: 'array', items: { type: 'string', description: 'A host.' }, description: 'Hosts.' },
      numbers: { type: 'array', items: { type: 'integer' }, description: 'Numbers.' },
      rules: { type: 'array', items: { type: 'object', properties: { at: { type: 'string', description: 'Where.' } } }, description: 'Rules.' },
      map: { type: 'object', additionalProperties: { type: 'string' }, description: 'A map.' },
    },
  };
  const value = { flag: true, off: false, count: 500, level: 'high', pick: 'b_two', name: `x ${odd}`, hosts: ['a.example', '*.b.example'], numbers: [3, 1], rules: [{ at: 'here' }], map: { 'k&<': 'v"' } };
  const sids = { Chrome: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', Edge: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' };
  const pair = templates({ schema: synthetic, manifest: { version: '9.9.9', minimum_chrome_version: '120' }, examples: value, ids: sids });
  const { x, strings } = parsePair(pair);
  assert.deepEqual(coverageProblems(x, synthetic, sids), []);
  const registry = applyPolicies(x, synthetic, value);
  for (const root of Object.values(roots(sids))) assert.deepEqual(readPolicy(registry, root, synthetic), value);
  assert.ok(strings.get('Chrome_flag_Explain').startsWith(`A flag. ${odd}`), 'escaped text reads back as written');
  assert.equal(strings.get('Edge_name'), 'The <name> (name)', 'a title names the policy');
  const count = descendants(x, 'decimal').find((d) => d.attrs.valueName === 'count');
  assert.deepEqual([count.attrs.minValue, count.attrs.maxValue], ['1', '500']);
  assert.throws(() => templates({ schema: { type: 'object', properties: { n: { type: 'number' } } }, manifest, ids: sids }), /type 'number'/);
  assert.throws(() => templates({ schema: synthetic, manifest, ids: { ...sids, Edge: 'short' } }), /Edge extension id/);
  assert.throws(() => templates({ schema: { type: 'object', properties: { s: { type: 'string', description: 'bell \u0007' } } }, manifest, ids: sids }), /U\+0007 cannot appear in XML/);
});

test('the XML reader rejects what is not well-formed', () => {
  const bad = [
    ['<a><b></a>', /<\/a> closes <b>/],
    ['<a>fish & chips</a>', /"&" must be escaped/],
    ['<a>&nbsp;</a>', /unknown entity &nbsp;/],
    ['<a t="x<y"/>', /"<" must be escaped/],
    ['<a t="1" t="2"/>', /duplicate attribute t/],
    ['<a/><b/>', /content after the root element/],
    ['<a/>x', /content after the root element/],
    ['<p:a/>', /prefix "p" is not declared/],
    ['<a>\u0001</a>', /U\+1 is not allowed/],
    ['<a>&#0;</a>', /&#0; is not an XML character/],
    ['<a><!-- a -- b --></a>', /"--" inside a comment/],
    ['<a t=1/>', /must be quoted/],
    [' <?xml version="1.0"?><a/>', /the XML declaration must come first/],
    ['<?xml version="1.0" encoding=utf-8?><a/>', /malformed XML declaration/],
    ['<a>x]]>y</a>', /"]]>" in text/],
    ['<a>', /<a> is not closed/],
    ['', /the root element was expected/],
  ];
  for (const [src, message] of bad) assert.throws(() => parseXml(src), message, JSON.stringify(src));
  const ok = parseXml('<?xml version="1.0" encoding="utf-8"?>\n<!-- c --><r xmlns="urn:x" xmlns:p="urn:p"><p:e a="&lt;&amp;&#x41;&#66;&quot;"><![CDATA[<raw>]]> &gt;</p:e></r>\n');
  assert.equal(ok.ns, 'urn:x');
  assert.equal(elements(ok)[0].ns, 'urn:p');
  assert.equal(elements(ok)[0].attrs.a, '<&AB"');
  assert.equal(textOf(ok), '<raw> >');
});

test('`make build` writes them (the admx target, into dist/admx)', () => {
  const make = readFileSync(join(ROOT, 'Makefile'), 'utf8');
  assert.match(make, /^build: .*\badmx\b/m);
  assert.match(make, /^admx:\n\t@?node scripts\/admx\.mjs$/m);
});
