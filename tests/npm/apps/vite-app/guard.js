// Injected by tests/npm/vite.test.mjs into corpus pages served at their real URLs: the Vite-built
// package reads the page with extractObservation and decides with assessPage, in the page itself.
import { Engine, extractObservation } from 'lastgate';

const created = Engine.create();
const observed = extractObservation(document);
window.__lastgate = !created.ok ? created : !observed.ok ? observed : created.value.assessPage(observed.value);
