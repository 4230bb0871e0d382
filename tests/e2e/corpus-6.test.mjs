// Part 6 of the static corpus pages' agreement between the extension and the CLI (part 1, and why
// the set is cut into parts: tests/e2e/corpus.test.mjs, tests/lib/agreement.mjs).
import { corpusPart } from '../lib/agreement.mjs';

corpusPart(5);
