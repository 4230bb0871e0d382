// The self-hosting artefacts `make build` writes (scripts/crx.sh): dist/lastgate.crx is a CRX3
// whose signed header names the extension id, and dist/updates.xml names that same id, the
// extension's version and the CRX's download URL. See docs/deploy.md, "Self-hosted".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { ROOT } from '../lib/corpus.mjs';

const CRX = join(ROOT, 'dist', 'lastgate.crx');
const UPDATES = join(ROOT, 'dist', 'updates.xml');
const manifest = JSON.parse(readFileSync(join(ROOT, 'extension', 'manifest.json'), 'utf8'));

/** Reads a protobuf varint at `at`; returns [value, next offset]. */
function varint(buf, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = buf[at++];
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [value, at];
    shift += 7;
  }
}

/** The length-delimited fields of a protobuf message: [[field number, bytes], …]. */
function fields(buf) {
  const out = [];
  let at = 0;
  while (at < buf.length) {
    const [tag, next] = varint(buf, at);
    assert.equal(tag & 7, 2, `field ${tag >> 3} is not length-delimited`);
    const [len, start] = varint(buf, next);
    out.push([Math.floor(tag / 8), buf.subarray(start, start + len)]);
    at = start + len;
  }
  return out;
}

/** Chromium's id alphabet: hex digits 0-f written as a-p. */
const mpdecimal = (bytes) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('').replace(/[0-9a-f]/g, (c) => 'abcdefghijklmnop'[parseInt(c, 16)]);

test('dist/lastgate.crx is a CRX3 whose signed header names its id', () => {
  const crx = readFileSync(CRX);
  assert.equal(crx.subarray(0, 4).toString('latin1'), 'Cr24', 'magic');
  assert.equal(crx.readUInt32LE(4), 3, 'CRX format version');
  const headerSize = crx.readUInt32LE(8);
  const header = fields(crx.subarray(12, 12 + headerSize));
  // CrxFileHeader: sha256_with_rsa = 2 (AsymmetricKeyProof), signed_header_data = 10000 (SignedData).
  assert.ok(header.some(([n]) => n === 2), 'an RSA proof');
  const signed = header.find(([n]) => n === 10000);
  assert.ok(signed, 'signed header data');
  const crxId = fields(signed[1]).find(([n]) => n === 1)[1];
  assert.equal(crxId.length, 16);
  // The id is the first 16 bytes of the SHA-256 of one proof's public key.
  const keys = header.filter(([n]) => n === 2).map(([, proof]) => fields(proof).find(([n]) => n === 1)[1]);
  assert.ok(keys.some((k) => createHash('sha256').update(k).digest().subarray(0, 16).equals(crxId)), 'crx_id is the hash of the signing key');
  // The archive follows the header: a zip whose manifest has the extension's version and no "key".
  const zip = crx.subarray(12 + headerSize);
  assert.equal(zip.readUInt32LE(0), 0x04034b50, 'a zip archive follows the header');
  const m = JSON.parse(zipEntry(zip, 'manifest.json'));
  assert.equal(m.version, manifest.version);
  assert.equal(m.key, undefined, 'the development key is not packed');
  assert.equal(m.storage.managed_schema, 'managed_schema.json');
  assert.ok(zipEntry(zip, 'managed_schema.json').includes('"identity_providers"'));
});

test('dist/updates.xml names the CRX id, the version and a download URL', () => {
  const crx = readFileSync(CRX);
  const headerSize = crx.readUInt32LE(8);
  const signed = fields(crx.subarray(12, 12 + headerSize)).find(([n]) => n === 10000)[1];
  const id = mpdecimal(fields(signed).find(([n]) => n === 1)[1]);
  const xml = readFileSync(UPDATES, 'utf8');
  assert.match(xml, /^<\?xml version='1\.0' encoding='UTF-8'\?>\n<gupdate xmlns='http:\/\/www\.google\.com\/update2\/response' protocol='2\.0'>/);
  const app = xml.match(/<app appid='([a-p]{32})'>\s*<updatecheck codebase='(https:\/\/[^']+\.crx)' version='([0-9.]+)' \/>\s*<\/app>/);
  assert.ok(app, xml);
  assert.equal(app[1], id, 'appid is the id Chromium gives the CRX');
  assert.equal(app[3], manifest.version);
});

/** The appid that dist/updates.xml-style output in `dir` names. */
const appid = (dir) => readFileSync(join(dir, 'updates.xml'), 'utf8').match(/appid='([a-p]{32})'/)?.[1];

test('scripts/crx.sh signs with LASTGATE_CRX_KEY given as an absolute path or relative to where it is run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lastgate-crx-'));
  try {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(dir, 'signing.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
    const want = mpdecimal(createHash('sha256').update(spki).digest().subarray(0, 16));
    const script = join(ROOT, 'scripts', 'crx.sh');
    // The form docs/deploy.md shows: an absolute path, run from the repository.
    execFileSync(script, { cwd: ROOT, env: { ...process.env, LASTGATE_CRX_KEY: join(dir, 'signing.pem'), LASTGATE_CRX_OUT: join(dir, 'abs') }, stdio: 'pipe' });
    assert.equal(appid(join(dir, 'abs')), want, 'absolute key path');
    // A relative path, and a relative output folder, from another working directory.
    execFileSync(script, { cwd: dir, env: { ...process.env, LASTGATE_CRX_KEY: 'signing.pem', LASTGATE_CRX_OUT: 'rel' }, stdio: 'pipe' });
    assert.equal(appid(join(dir, 'rel')), want, 'relative key path');
    assert.equal(readFileSync(join(dir, 'rel', 'lastgate.crx')).subarray(0, 4).toString('latin1'), 'Cr24');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The uncompressed bytes of one stored or deflated entry of a zip, found by its local header. */
function zipEntry(zip, name) {
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    const method = zip.readUInt16LE(at + 8);
    const size = zip.readUInt32LE(at + 18);
    const nameLen = zip.readUInt16LE(at + 26);
    const extraLen = zip.readUInt16LE(at + 28);
    const entry = zip.subarray(at + 30, at + 30 + nameLen).toString('utf8');
    const data = zip.subarray(at + 30 + nameLen + extraLen, at + 30 + nameLen + extraLen + size);
    if (entry === name) return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    at += 30 + nameLen + extraLen + size;
  }
  throw new Error(`${name} not in the archive`);
}

test("the ids `lastgate policy check` knows as Lastgate's are the manifest's (its key's id, its gecko id)", () => {
  const src = readFileSync(join(ROOT, 'crates', 'engine', 'src', 'policy', 'deployed.rs'), 'utf8');
  const chromeId = src.match(/CHROME_EXTENSION_ID: &str = "([a-p]{32})"/)?.[1];
  const geckoId = src.match(/FIREFOX_ADDON_ID: &str = "([^"]+)"/)?.[1];
  const der = Buffer.from(manifest.key, 'base64');
  assert.equal(chromeId, mpdecimal(createHash('sha256').update(der).digest().subarray(0, 16)));
  assert.equal(geckoId, manifest.browser_specific_settings.gecko.id);
});
