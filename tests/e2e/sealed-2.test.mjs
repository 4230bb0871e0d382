// Part 2 of the sealed pages' agreement between the extension and the CLI (tests/e2e/sealed.test.mjs,
// tests/lib/agreement.mjs).
import { sealedPart } from '../lib/agreement.mjs';

sealedPart(1);
