// The labelled corpus (tests/corpus/labels.json), shared by every front end's tests.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CORPUS = join(ROOT, 'tests', 'corpus');

export function loadCorpus() {
  const { pages } = JSON.parse(readFileSync(join(CORPUS, 'labels.json'), 'utf8'));
  return pages.map((p) => ({ ...p, path: join(CORPUS, p.file), referrer: p.referrer || '' }));
}

/** Every host the corpus pages claim to be served from. */
export function corpusHosts(pages) {
  return [...new Set(pages.map((p) => new URL(p.url).hostname))];
}
