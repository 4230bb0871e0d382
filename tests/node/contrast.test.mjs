// WCAG 2.x contrast for Lastgate's own pages, light and dark, from extension/ui/ui.css itself:
// normal text needs 4.5:1 (AA), large/bold UI text and control borders 3:1. A colour change that
// breaks AA fails here rather than in a screenshot review.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/corpus.mjs';

const css = readFileSync(join(ROOT, 'extension', 'ui', 'ui.css'), 'utf8');

function vars(block) {
  const out = {};
  for (const m of block.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/gi)) out[m[1]] = m[2];
  return out;
}
const light = vars(/:root\s*{([^}]*)}/.exec(css)[1]);
const dark = { ...light, ...vars(/prefers-color-scheme:\s*dark\)\s*{\s*:root\s*{([^}]*)}/.exec(css)[1]) };

function luminance(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function ratio(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

// [foreground, background, minimum]: every pairing the pages use.
const PAIRS = [
  ['fg', 'bg', 4.5], ['muted', 'bg', 4.5], ['fg', 'panel', 4.5], ['muted', 'panel', 4.5],
  ['fg', 'danger-bg', 4.5], ['muted', 'danger-bg', 4.5], ['accent-fg', 'accent', 4.5],
  ['fg', 'btn-bg', 4.5], ['accent', 'bg', 4.5], ['edge', 'bg', 4.5], ['danger-edge', 'bg', 4.5],
  ['danger-edge', 'danger-bg', 4.5], ['btn-edge', 'bg', 3], ['focus', 'bg', 3], ['edge', 'panel', 3],
];

for (const [name, scheme] of [['light', light], ['dark', dark]]) {
  test(`ui.css meets WCAG AA contrast in ${name} mode`, () => {
    const low = [];
    for (const [fg, bg, min] of PAIRS) {
      assert.ok(scheme[fg] && scheme[bg], `--${fg} or --${bg} missing in ${name}`);
      const r = ratio(scheme[fg], scheme[bg]);
      if (r < min) low.push(`--${fg} ${scheme[fg]} on --${bg} ${scheme[bg]}: ${r.toFixed(2)} < ${min}`);
    }
    assert.deepEqual(low, []);
  });
}
