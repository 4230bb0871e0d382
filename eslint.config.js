// ESLint (flat config): the recommended rules, the globals each kind of file really has, and a few
// rules that catch what review keeps missing. `make test` runs it (`npx eslint .`).
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    // Generated or third-party: the wasm-bindgen glue, build output, installed packages.
    ignores: ['dist/**', 'target/**', 'node_modules/**', 'extension/engine/**', '**/node_modules/**'],
  },
  js.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      'no-unused-vars': ['error', { args: 'after-used', argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'always'],
      'no-var': 'error',
      'prefer-const': 'error',
      'no-implicit-globals': 'error',
    },
  },
  {
    // The service worker, its modules and the extension's pages.
    files: ['extension/**/*.js'],
    languageOptions: { globals: { ...globals.browser, ...globals.webextensions } },
  },
  {
    // Content scripts are classic scripts (injected with chrome.scripting.executeScript).
    files: ['extension/src/extract.js', 'extension/src/content.js', 'extension/src/read-now.js'],
    languageOptions: { sourceType: 'script' },
  },
  {
    // The npm package runs in browsers and Node; the demo portal in browsers.
    files: ['npm/**/*.js', 'www/**/*.js', 'tests/npm/apps/**/*.js'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    // Build scripts, benchmarks and tests run in Node and hand functions to pages (page.evaluate),
    // which run with the page's globals.
    files: ['scripts/**/*.{js,mjs}', 'tests/**/*.{js,mjs}', 'eslint.config.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...globals.webextensions } },
  },
];
