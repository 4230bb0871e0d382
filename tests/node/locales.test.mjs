// Interface strings: every locale carries exactly the English keys with the same placeholders, and
// every key the extension's pages and manifest ask for exists in the default locale (en). A missing
// key would show the raw key name to the user (t() falls back to the key), so it must never ship.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/corpus.mjs';

const EXT = join(ROOT, 'extension');
const LOCALES_DIR = join(EXT, '_locales');
const UI = join(EXT, 'ui');
const REQUIRED = ['en', 'de', 'fr', 'es', 'ja'];

/** Every locale directory present (so a newly added locale is checked too). */
const present = readdirSync(LOCALES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const load = (loc) => JSON.parse(readFileSync(join(LOCALES_DIR, loc, 'messages.json'), 'utf8'));
const en = load('en');
const enKeys = Object.keys(en).sort();

/** The $name$ references in a message, sorted (a multiset: the same count each, not just the same set). */
const refs = (message) => [...message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]).sort();

test('the locales en, de, fr, es and ja all exist', () => {
  for (const loc of REQUIRED) {
    assert.ok(existsSync(join(LOCALES_DIR, loc, 'messages.json')), `missing _locales/${loc}/messages.json`);
  }
  const m = JSON.parse(readFileSync(join(EXT, 'manifest.json'), 'utf8'));
  assert.equal(m.default_locale, 'en');
});

for (const loc of present) {
  test(`locale ${loc}: exactly the English keys`, () => {
    assert.deepEqual(Object.keys(load(loc)).sort(), enKeys);
  });

  test(`locale ${loc}: valid key names and no empty message`, () => {
    for (const [key, entry] of Object.entries(load(loc))) {
      assert.match(key, /^[A-Za-z0-9_]+$/, `${loc}/${key}: Chrome allows only [A-Za-z0-9_] in keys`);
      assert.equal(typeof entry.message, 'string', `${loc}/${key}: message must be a string`);
      assert.ok(entry.message.trim().length > 0, `${loc}/${key}: empty message`);
    }
  });

  test(`locale ${loc}: placeholders match English and every $Pn$ is declared`, () => {
    const msgs = load(loc);
    for (const key of enKeys) {
      const e = en[key];
      const m = msgs[key];
      if (!m) continue; // reported by the key test
      assert.deepEqual(m.placeholders ?? null, e.placeholders ?? null, `${loc}/${key}: placeholders differ from English`);
      assert.deepEqual(refs(m.message), refs(e.message), `${loc}/${key}: $…$ occurrences differ from English`);
      const declared = new Set(Object.keys(m.placeholders ?? {}).map((p) => p.toLowerCase()));
      for (const r of refs(m.message)) {
        assert.ok(declared.has(r.toLowerCase()), `${loc}/${key}: $${r}$ is used but not declared`);
      }
      for (const [name, p] of Object.entries(m.placeholders ?? {})) {
        assert.match(p.content, /^\$[1-9]$/, `${loc}/${key}: placeholder ${name} content`);
      }
    }
  });
}

/**
 * The first argument of every `t(…)` call in a script: the string literals in it (which covers
 * `t(x ? 'a' : 'b')`, ignoring literals in the condition) and the literal prefix of any template literal (`action_` for
 * t(`action_${v.action}`)). Scans to the matching `)` or the first top-level `,`.
 */
function tCalls(src, re = /(?<![\w$.])t\(/g) {
  const keys = [];
  const prefixes = [];
  let m;
  while ((m = re.exec(src))) {
    let i = m.index + m[0].length;
    let depth = 0;
    const k0 = keys.length;
    const p0 = prefixes.length;
    for (; i < src.length; i++) {
      const c = src[i];
      if (c === "'" || c === '"') {
        const end = src.indexOf(c, i + 1);
        keys.push(src.slice(i + 1, end));
        i = end;
      } else if (c === '`') {
        const end = src.indexOf('`', i + 1);
        const body = src.slice(i + 1, end);
        const at = body.indexOf('${');
        if (at === -1) keys.push(body);
        else prefixes.push(body.slice(0, at));
        i = end;
      } else if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        if (depth === 0) break;
        depth--;
      } else if (c === ',' && depth === 0) break;
      else if (c === '?' && depth === 0 && !'.?'.includes(src[i + 1]) && src[i - 1] !== '?') {
        // `cond ? 'a' : 'b'`: literals in the condition (`view === 'confirm'`) are not keys.
        keys.length = k0;
        prefixes.length = p0;
      }
    }
  }
  return { keys, prefixes };
}

const uiFiles = (ext) => readdirSync(UI).filter((f) => f.endsWith(ext)).sort();

test('every literal t() key in extension/ui/*.js exists in en', () => {
  const missing = [];
  let seen = 0;
  for (const f of uiFiles('.js')) {
    for (const key of tCalls(readFileSync(join(UI, f), 'utf8')).keys) {
      seen++;
      if (!(key in en)) missing.push(`${f}: ${key}`);
    }
  }
  assert.ok(seen >= 40, `only ${seen} t() keys found: is the scan still matching the code?`);
  assert.deepEqual(missing, []);
});

test('every t(`prefix_${…}`) template key has keys with that prefix in en', () => {
  const prefixes = new Set();
  for (const f of uiFiles('.js')) for (const p of tCalls(readFileSync(join(UI, f), 'utf8')).prefixes) prefixes.add(p);
  for (const p of ['action_', 'flow_', 'summary_', 'event_']) assert.ok(prefixes.has(p), `expected t(\`${p}\${…}\`) in the UI code`);
  for (const p of prefixes) {
    assert.ok(p.length > 0, 'a t() template key with no literal prefix cannot be checked');
    assert.ok(enKeys.some((k) => k.startsWith(p) && k.length > p.length), `no key starting with ${p} in en`);
  }
});

test('the known template expansions are complete', () => {
  // flow_${flow} for every flow in FLOWS (ui/i18n.js), plus flow_none for anything else.
  const src = readFileSync(join(UI, 'i18n.js'), 'utf8');
  const flows = JSON.parse(src.match(/export const FLOWS = (\[[^\]]*\])/)[1].replaceAll("'", '"'));
  assert.ok(flows.length >= 8);
  for (const f of [...flows, 'none']) assert.ok(`flow_${f}` in en, `flow_${f} missing in en`);
  // Each action has both its badge (action_) and its popup summary (summary_).
  const suffixes = (p) => enKeys.filter((k) => k.startsWith(p)).map((k) => k.slice(p.length)).sort();
  assert.deepEqual(suffixes('summary_'), suffixes('action_'));
  for (const a of ['allow', 'notice', 'warn', 'confirm', 'block']) assert.ok(`action_${a}` in en, `action_${a} missing in en`);
});

test('every event kind logged by the service worker has its event_ label in en', () => {
  const src = ['background.js', ...readdirSync(join(EXT, 'src', 'sw')).map((f) => `sw/${f}`)]
    .map((f) => readFileSync(join(EXT, 'src', f), 'utf8')).join('\n');
  const kinds = [...src.matchAll(/\blogEvent\(\s*(['"])(\w+)\1/g)].map((m) => m[2]);
  assert.ok(kinds.length >= 5, `only ${kinds.length} logEvent() kinds found`);
  assert.deepEqual(kinds.filter((k) => !(`event_${k}` in en)), []);
});

test('every literal chrome.i18n.getMessage() key in the extension exists in en', () => {
  const missing = [];
  for (const dir of ['src', 'src/sw', 'ui']) {
    for (const f of readdirSync(join(EXT, dir)).filter((x) => x.endsWith('.js'))) {
      const { keys } = tCalls(readFileSync(join(EXT, dir, f), 'utf8'), /\bi18n\.getMessage\(/g);
      for (const key of keys) if (!key.startsWith('@@') && !(key in en)) missing.push(`${dir}/${f}: ${key}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('every data-i18n* attribute in extension/ui/*.html exists in en', () => {
  const missing = [];
  let seen = 0;
  for (const f of uiFiles('.html')) {
    const html = readFileSync(join(UI, f), 'utf8');
    for (const m of html.matchAll(/\bdata-i18n(?:-[\w-]+)?\s*=\s*(["'])(.*?)\1/g)) {
      seen++;
      if (!(m[2] in en)) missing.push(`${f}: ${m[2]}`);
    }
  }
  assert.ok(seen >= 5, `only ${seen} data-i18n attributes found`);
  assert.deepEqual(missing, []);
});

test('every __MSG_key__ in extension/manifest.json exists in en', () => {
  const manifest = readFileSync(join(EXT, 'manifest.json'), 'utf8');
  const keys = [...manifest.matchAll(/__MSG_(\w+?)__/g)].map((m) => m[1]);
  assert.ok(keys.includes('extName') && keys.includes('extDescription'));
  const lower = new Set(enKeys.map((k) => k.toLowerCase())); // Chrome matches __MSG_ keys case-insensitively
  assert.deepEqual(keys.filter((k) => !lower.has(k.toLowerCase())), []);
});

test('extName is "Lastgate" in every locale', () => {
  for (const loc of present) assert.equal(load(loc).extName.message, 'Lastgate', loc);
});
