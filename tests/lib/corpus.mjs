// The labelled corpus (tests/corpus/labels.json), shared by every front end's tests.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CORPUS = join(ROOT, 'tests', 'corpus');

export const SEALED = join(ROOT, 'tests', 'sealed');

function load(dir) {
  const { pages } = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8'));
  return pages.map((p) => ({ ...p, path: join(dir, p.file), referrer: p.referrer || '' }));
}

export function loadCorpus() {
  return load(CORPUS);
}

/**
 * The sealed test set (tests/sealed): pages the engine's authors never open. Tests may use them to
 * check that front ends agree, but report a sealed page only by its index — never its file, URL,
 * label or content.
 */
export function loadSealed() {
  return load(SEALED).map((p, i) => ({ ...p, sealedIndex: i }));
}

/** Every host the corpus pages claim to be served from. */
export function corpusHosts(pages) {
  return [...new Set(pages.map((p) => new URL(p.url).hostname))];
}
