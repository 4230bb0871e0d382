// Must NOT type-check: the browser build has no assessHtml (tests/npm/types.test.mjs).
import { Engine } from 'lastgate';

new Engine().assessHtml('<h1>x</h1>', { url: 'https://example.org/' });
