// Builds the demo portal (www/portal → dist/portal, served at /portal/ by `make run`) against the
// built package in dist/npm, as a portal that installed `lastgate` would.
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export default {
  root: here('.'),
  base: '/portal/',
  logLevel: 'warn',
  resolve: { alias: { lastgate: here('../../dist/npm') } },
  build: {
    outDir: here('../../dist/portal'),
    emptyOutDir: true,
    rollupOptions: {
      input: { index: here('index.html'), helpdesk: here('helpdesk.html'), recover: here('recover.html'), playground: here('playground.html') },
    },
  },
};
