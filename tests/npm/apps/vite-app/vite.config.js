// A plain Vite production build of the consumer app: index.html and guard.js, with a manifest so
// the test can find the hashed guard bundle.
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export default {
  root: here('.'),
  logLevel: 'warn',
  build: {
    outDir: here('../vite-dist'),
    emptyOutDir: true,
    manifest: true,
    rollupOptions: { input: { index: here('index.html'), guard: here('guard.js') } },
  },
};
