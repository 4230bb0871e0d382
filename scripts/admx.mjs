// Windows administrative templates for Lastgate's managed policy (`make admx`, part of `make build`):
// dist/admx/lastgate.admx and dist/admx/en-US/lastgate.adml, for Group Policy (PolicyDefinitions,
// the central store) and Intune ("Import ADMX"). Generated from extension/managed_schema.json, the
// schema Chrome and Edge check the policy against, so a key added there is a policy here:
// one policy per top-level key, once for Google Chrome and once for Microsoft Edge, each writing
// where that browser reads extension policy, HKLM\Software\Policies\<browser>\3rdparty\extensions\<id>\policy
// (docs/deploy.md, "Windows").
//
// Values are written the way Chrome reads the registry: a string as REG_SZ (a dropdown where the
// schema's description says "One of: …"), a boolean as REG_DWORD 1/0 (Enabled/Disabled, as in the
// browsers' own templates), an integer as REG_DWORD, a list of strings as a subkey with values 1, 2,
// 3…, and an object or any other list as one REG_SZ holding its JSON. The explanation of each policy
// is the schema's description, an example from docs/examples/policy.json (which the test suite
// checks against the engine and the schema) and the registry value it writes.
//
//   LASTGATE_CHROME_ID=id   the extension id in the Chrome policies (default: the id of the "key" in
//                           extension/manifest.json, the published id)
//   LASTGATE_EDGE_ID=id     the id in the Edge policies (default: the same; an Edge Add-ons listing has
//                           its own id, shown on the listing)
//   LASTGATE_ADMX_OUT=DIR   where to write (default: dist/admx), absolute or relative to the current directory
//
// Imported by tests/node/admx.test.mjs, which runs it too.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');

/** The templates' own revision; raise it when a policy is removed or changes what it writes. */
export const REVISION = '1.0';
/** The ADMX target namespace (each template file on a machine needs its own). */
export const NAMESPACE = 'Lastgate.Policies.Lastgate';
const POLICY_DEFINITIONS_NS = 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions';
/** Chrome's template uses this length for strings and JSON values; the default (1023) is too short for JSON. */
const MAX_TEXT = 1000000;

/** The browsers, each with the registry key it reads Lastgate's policy from. */
export const BROWSERS = [
  { name: 'Chrome', product: 'Google Chrome', base: 'Software\\Policies\\Google\\Chrome' },
  { name: 'Edge', product: 'Microsoft Edge', base: 'Software\\Policies\\Microsoft\\Edge' },
];

/** The policy key of `browser` for extension `id` (under HKLM). */
export const policyKey = (browser, id) => `${browser.base}\\3rdparty\\extensions\\${id}\\policy`;

/** A Chromium extension id from its public key (DER SubjectPublicKeyInfo): SHA-256, first 16 bytes, hex written a-p. */
export function extensionId(spkiDer) {
  return [...createHash('sha256').update(spkiDer).digest().subarray(0, 16)]
    .map((b) => b.toString(16).padStart(2, '0')).join('')
    .replace(/[0-9a-f]/g, (c) => 'abcdefghijklmnop'[parseInt(c, 16)]);
}

/** The values a string may take when its description lists them ("One of: enforce, monitor."), else null. */
export function allowedValues(prop) {
  if (Array.isArray(prop.enum)) return prop.enum.map(String);
  const m = /\bOne of: ([\w-]+(?:, [\w-]+)*)\./.exec(prop.description ?? '');
  return m ? m[1].split(', ') : null;
}

/** An integer's range from the schema, or from its description ("From 1 to 1000."). */
function range(prop) {
  const m = /\bFrom (\d+) to (\d+)\./.exec(prop.description ?? '');
  return {
    min: prop.minimum ?? (m ? Number(m[1]) : 0),
    // REG_DWORD holds 0..4294967295; Chrome's own templates stop at 2000000000.
    max: prop.maximum ?? (m ? Number(m[2]) : 2000000000),
  };
}

/**
 * How a top-level key is written: 'boolean' (the policy's own value, Enabled 1 / Disabled 0),
 * 'decimal' (REG_DWORD), 'enum' (REG_SZ from a list), 'text' (REG_SZ), 'list' (a subkey with
 * values 1, 2, 3…) or 'json' (REG_SZ holding the value's JSON).
 */
export function kindOf(prop) {
  switch (prop.type) {
    case 'boolean': return 'boolean';
    case 'integer': return 'decimal';
    case 'string': return allowedValues(prop) ? 'enum' : 'text';
    case 'array': return prop.items?.type === 'string' ? 'list' : 'json';
    case 'object': return 'json';
    default: throw new Error(`managed_schema.json: type '${prop.type}' has no registry form here; add it to scripts/admx.mjs`);
  }
}

// ---------------------------------------------------------------------------------------------
// XML: elements as ['name', {attributes}, ...children], a child being an element or text.

// XML 1.0 characters (no other control characters, no lone surrogates, no U+FFFE/U+FFFF).
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function checkChars(s) {
  const bad = NOT_XML_CHAR.exec(s);
  if (bad) throw new Error(`U+${bad[0].codePointAt(0).toString(16).padStart(4, '0')} cannot appear in XML: ${JSON.stringify(s)}`);
  return s;
}
const escText = (s) => checkChars(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escAttr = (s) => escText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');

function serialise(node, indent = '') {
  const [name, attrs, ...kids] = node;
  const a = Object.entries(attrs ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}="${escAttr(String(v))}"`).join('');
  if (kids.length === 0) return `${indent}<${name}${a} />`;
  if (kids.every((k) => typeof k === 'string')) return `${indent}<${name}${a}>${escText(kids.join(''))}</${name}>`;
  if (kids.some((k) => typeof k === 'string')) throw new Error(`<${name}>: mixed content`);
  return `${indent}<${name}${a}>\n${kids.map((k) => serialise(k, `${indent}  `)).join('\n')}\n${indent}</${name}>`;
}

const xmlFile = (comment, root) => `<?xml version="1.0" encoding="utf-8"?>\n<!-- ${comment} -->\n${serialise(root)}\n`;

// ---------------------------------------------------------------------------------------------

/** "help_desk" → "Help desk". */
const humanise = (key) => key.charAt(0).toUpperCase() + key.slice(1).replace(/_/g, ' ');

/** An ADML string id from free text ("enforce" → "enforce"; "a.b c" → "a_b_c"). */
const idPart = (s) => s.replace(/[^A-Za-z0-9_]/g, '_');

/**
 * The two template files as strings.
 * @param {object} o
 * @param {object} o.schema    extension/managed_schema.json
 * @param {object} o.manifest  extension/manifest.json (version, minimum_chrome_version)
 * @param {object} [o.examples] an example value per top-level key (docs/examples/policy.json)
 * @param {{Chrome: string, Edge: string}} o.ids  the extension id per browser
 */
export function templates({ schema, manifest, examples = {}, ids }) {
  for (const b of BROWSERS) {
    if (!/^[a-p]{32}$/.test(ids[b.name] ?? '')) throw new Error(`${b.name} extension id '${ids[b.name]}': an id is 32 letters a-p`);
  }
  const keys = Object.keys(schema.properties ?? {});
  if (keys.length === 0) throw new Error('managed_schema.json has no properties');
  const strings = new Map();
  const string = (id, text) => {
    if (strings.has(id) && strings.get(id) !== text) throw new Error(`ADML string id '${id}' is used for two texts`);
    strings.set(id, text);
    return `$(string.${id})`;
  };
  const presentations = [];
  const minVersion = manifest.minimum_chrome_version;

  const categories = [
    ['category', { name: 'Lastgate', displayName: string('Cat_Lastgate', 'Lastgate') }],
    ...BROWSERS.map((b) => ['category', { name: `Lastgate_${b.name}`, displayName: string(`Cat_${b.name}`, `Lastgate for ${b.product}`) },
      ['parentCategory', { ref: 'Lastgate' }]]),
  ];
  const supported = BROWSERS.map((b) => ['definition', {
    name: `SUPPORTED_${b.name}`,
    displayName: string(`Sup_${b.name}`, `${b.product}${minVersion ? ` ${minVersion} or later` : ''} on Windows, with Lastgate installed`),
  }]);

  // Presentations (the controls of a policy) are the same for both browsers.
  for (const key of keys) {
    const prop = schema.properties[key];
    const kind = kindOf(prop);
    const controls = {
      boolean: [],
      text: [['textBox', { refId: key }, ['label', {}, 'Value']]],
      json: [['textBox', { refId: key }, ['label', {}, 'JSON (on one line)']]],
      enum: [['dropdownList', { refId: key, noSort: 'true' }, 'Value']],
      decimal: [['decimalTextBox', { refId: key }, 'Value']],
      list: [['listBox', { refId: key }, 'Entries (one per row)']],
    }[kind];
    presentations.push(['presentation', { id: key }, ...controls]);
  }

  const policies = [];
  for (const b of BROWSERS) {
    const root = policyKey(b, ids[b.name]);
    for (const key of keys) {
      const prop = schema.properties[key];
      const kind = kindOf(prop);
      const name = `${b.name}_${key}`;
      const display = `${prop.title ?? humanise(key)} (${key})`;
      const attrs = {
        name,
        class: 'Machine',
        displayName: string(name, display),
        explainText: string(`${name}_Explain`, explain(key, prop, kind, root, examples[key])),
        presentation: `$(presentation.${key})`,
        key: root,
        valueName: kind === 'boolean' ? key : undefined,
      };
      const body = [['parentCategory', { ref: `Lastgate_${b.name}` }], ['supportedOn', { ref: `SUPPORTED_${b.name}` }]];
      if (kind === 'boolean') {
        body.push(['enabledValue', {}, ['decimal', { value: '1' }]], ['disabledValue', {}, ['decimal', { value: '0' }]]);
      } else {
        let element;
        if (kind === 'text' || kind === 'json') element = ['text', { id: key, valueName: key, maxLength: MAX_TEXT, required: 'true' }];
        if (kind === 'decimal') {
          const { min, max } = range(prop);
          element = ['decimal', { id: key, valueName: key, minValue: min, maxValue: max, required: 'true' }];
        }
        if (kind === 'enum') {
          element = ['enum', { id: key, valueName: key, required: 'true' },
            ...allowedValues(prop).map((v) => ['item', { displayName: string(`${key}_${idPart(v)}`, v) }, ['value', {}, ['string', {}, v]]])];
        }
        if (kind === 'list') element = ['list', { id: key, key: `${root}\\${key}`, valuePrefix: '' }];
        body.push(['elements', {}, element]);
      }
      policies.push(['policy', attrs, ...body]);
    }
  }

  const generated = `Generated by scripts/admx.mjs from extension/managed_schema.json (Lastgate ${manifest.version}); edit those, not this file.`;
  const admx = xmlFile(generated, ['policyDefinitions', {
    'xmlns:xsd': 'http://www.w3.org/2001/XMLSchema',
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    revision: REVISION,
    schemaVersion: '1.0',
    xmlns: POLICY_DEFINITIONS_NS,
  },
  ['policyNamespaces', {}, ['target', { prefix: 'lastgate', namespace: NAMESPACE }]],
  ['resources', { minRequiredRevision: REVISION }],
  ['supportedOn', {}, ['definitions', {}, ...supported]],
  ['categories', {}, ...categories],
  ['policies', {}, ...policies]]);

  const adml = xmlFile(generated, ['policyDefinitionResources', {
    'xmlns:xsd': 'http://www.w3.org/2001/XMLSchema',
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    revision: REVISION,
    schemaVersion: '1.0',
    xmlns: POLICY_DEFINITIONS_NS,
  },
  ['displayName', {}, 'Lastgate'],
  ['description', {}, `Lastgate's managed policy for Google Chrome and Microsoft Edge (Lastgate ${manifest.version}).`],
  ['resources', {},
    ['stringTable', {}, ...[...strings].map(([id, text]) => ['string', { id }, text])],
    ['presentationTable', {}, ...presentations]]]);

  return { admx, adml };
}

/** The explanation shown beside a policy: what it is, how to enter it, an example, what it writes. */
function explain(key, prop, kind, root, example) {
  const parts = [prop.description ?? ''];
  const registry = `HKLM\\${root}`;
  if (kind === 'boolean') {
    parts.push(`Enabled: true. Disabled: false. Not Configured: not set (Lastgate's default).\n\nRegistry: ${registry}, value "${key}" (REG_DWORD, 1 or 0).`);
    return parts.join('\n\n');
  }
  if (kind === 'list') {
    if (prop.items.description) parts.push(`Each entry: ${prop.items.description}`);
    if (Array.isArray(example)) parts.push(`Example entries:\n${example.join('\n')}`);
    parts.push(`Registry: ${registry}\\${key}, values "1", "2", "3"… (REG_SZ), one per entry.`);
  } else if (kind === 'json') {
    const what = prop.type === 'object' ? 'an object' : 'a list';
    const lines = [`Enter the value as JSON, ${what}, on one line.`];
    const fields = prop.type === 'object' ? prop.properties : prop.items?.properties;
    if (fields) {
      lines.push(prop.type === 'object' ? 'Its keys:' : 'Each item is an object with the keys:');
      for (const [k, p] of Object.entries(fields)) lines.push(`- ${k}: ${p.description ?? p.type}`);
    }
    parts.push(lines.join('\n'));
    if (example !== undefined) parts.push(`Example:\n${JSON.stringify(example)}`);
    parts.push(`Registry: ${registry}, value "${key}" (REG_SZ holding JSON; the browser reads JSON wherever the schema expects ${what}).`);
  } else {
    if (kind === 'decimal') {
      const { min, max } = range(prop);
      parts.push(`From ${min} to ${max}.`);
    }
    if (kind !== 'enum' && example !== undefined) parts.push(`Example: ${example}`);
    parts.push(`Registry: ${registry}, value "${key}" (${kind === 'decimal' ? 'REG_DWORD' : 'REG_SZ'}).`);
  }
  parts.push('Disabled or Not Configured: not set (Lastgate\'s default).');
  return parts.filter(Boolean).join('\n\n');
}

/** Reads the repository's sources and writes the two files into `out`; returns their paths. */
export function writeTemplates({ out, ids } = {}) {
  const read = (p) => JSON.parse(readFileSync(join(ROOT, p), 'utf8'));
  const manifest = read('extension/manifest.json');
  const published = extensionId(Buffer.from(manifest.key, 'base64'));
  const { admx, adml } = templates({
    schema: read('extension/managed_schema.json'),
    manifest,
    examples: read('docs/examples/policy.json'),
    ids: { Chrome: ids?.Chrome || published, Edge: ids?.Edge || published },
  });
  mkdirSync(join(out, 'en-US'), { recursive: true });
  const files = [join(out, 'lastgate.admx'), join(out, 'en-US', 'lastgate.adml')];
  writeFileSync(files[0], admx);
  writeFileSync(files[1], adml);
  return files;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.env.LASTGATE_ADMX_OUT || join(ROOT, 'dist', 'admx'));
  try {
    const ids = { Chrome: process.env.LASTGATE_CHROME_ID, Edge: process.env.LASTGATE_EDGE_ID };
    const [admx, adml] = writeTemplates({ out, ids });
    console.log(`built ${admx} and ${adml}`);
  } catch (e) {
    console.error(`admx: ${e.message}`);
    process.exit(1);
  }
}
