#!/usr/bin/env node
// The module graphs of the Rust engine and of the extension's scripts, and a check that each
// imports one way: a cycle means two rooms that cannot be understood, tested or changed apart.
//
//   node scripts/import-graph.mjs           exit 1 naming a cycle if either graph has one
//   node scripts/import-graph.mjs --print   also print every edge
//
// Engine (crates/engine/src): one node per top-level module (a module's submodules, `x/*.rs`,
// count as `x`; `lib.rs` is the crate root, `lib`). An edge for every `crate::x` path — `use
// crate::x::…`, `use crate::{x, y::…}`, `crate::x::f()` in code or a doc link — and, in `lib.rs`,
// every `x::` path. A path to an item of the root (`crate::Engine`) is an edge to `lib`. Plain `//`
// comments, string literals and `#[cfg(test)] mod … { … }` blocks are left out: tests may reach
// anywhere.
//
// Extension (extension/src/**/*.js): one node per file; an edge for every relative `import … from
// './x.js'`, `export … from './x.js'`, `import './x.js'` and `import('./x.js')`. Imports that leave
// extension/src (the generated engine under extension/engine/) are not part of the graph.
//
// Node 18 or later, no dependencies.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENGINE_SRC = join(ROOT, 'crates', 'engine', 'src');
const EXTENSION_SRC = join(ROOT, 'extension', 'src');

function walk(dir, ext) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path, ext));
    else if (name.endsWith(ext)) out.push(path);
  }
  return out;
}

// --- Rust ----------------------------------------------------------------------------------------

/// Rust source with plain comments and the contents of string and character literals blanked
/// (newlines kept), so that neither a `crate::` inside a string nor a brace inside one misleads the
/// scan. Doc comments (`///`, `//!`) are kept: their links are paths too.
export function rustCode(src) {
  let out = '';
  let i = 0;
  const n = src.length;
  const blank = (s) => s.replace(/[^\n]/g, ' ');
  while (i < n) {
    const c = src[i];
    const next = src[i + 1];
    if (c === '/' && next === '/') {
      const end = src.indexOf('\n', i) === -1 ? n : src.indexOf('\n', i);
      const doc = src[i + 2] === '/' || src[i + 2] === '!';
      out += doc ? src.slice(i, end) : blank(src.slice(i, end));
      i = end;
    } else if (c === '/' && next === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (src[j] === '/' && src[j + 1] === '*') { depth++; j += 2; } else if (src[j] === '*' && src[j + 1] === '/') { depth--; j += 2; } else j++;
      }
      out += blank(src.slice(i, j));
      i = j;
    } else if ((c === 'r' || (c === 'b' && next === 'r')) && /^b?r#*"/.test(src.slice(i, i + 260)) && !/[A-Za-z0-9_]/.test(src[i - 1] ?? '')) {
      const m = /^b?r(#*)"/.exec(src.slice(i));
      const close = '"' + m[1];
      const end = src.indexOf(close, i + m[0].length);
      const stop = end === -1 ? n : end + close.length;
      out += m[0] + blank(src.slice(i + m[0].length, stop - close.length)) + close;
      i = stop;
    } else if (c === '"') {
      let j = i + 1;
      while (j < n && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      out += '"' + blank(src.slice(i + 1, j)) + '"';
      i = j + 1;
    } else if (c === "'") {
      // A character literal ('x', '\n', '\u{7f}', '{') or a lifetime ('a, 'static).
      const m = /^'(\\u\{[0-9a-fA-F]+\}|\\.|[^\\'\n])'/u.exec(src.slice(i, i + 16));
      if (m) {
        out += "'" + blank(m[0].slice(1, -1)) + "'";
        i += m[0].length;
      } else {
        out += c;
        i++;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/// `code` without `#[cfg(test)] mod name { … }` blocks (other attributes may stand between).
export function withoutTestModules(code) {
  const re = /#\[cfg\(test\)\]\s*(?:#!?\[[^\]]*\]\s*)*(?:pub(?:\([^)]*\))?\s+)?mod\s+\w+\s*\{/g;
  let out = '';
  let from = 0;
  let m;
  while ((m = re.exec(code))) {
    let depth = 1;
    let j = m.index + m[0].length;
    while (j < code.length && depth > 0) {
      if (code[j] === '{') depth++;
      else if (code[j] === '}') depth--;
      j++;
    }
    out += code.slice(from, m.index);
    from = j;
    re.lastIndex = j;
  }
  return out + code.slice(from);
}

/// The first name of each item of a `{a, b::c, d::{e, f}}` group starting at `code[open]`.
function groupHeads(code, open) {
  const heads = [];
  let depth = 0;
  let item = '';
  for (let j = open; j < code.length; j++) {
    const c = code[j];
    if (c === '{') {
      depth++;
      if (depth === 1) continue;
    }
    if (c === '}') {
      depth--;
      if (depth === 0) {
        heads.push(item);
        break;
      }
    }
    if (depth === 1 && c === ',') {
      heads.push(item);
      item = '';
    } else if (depth >= 1) item += c;
  }
  return heads.map((h) => h.trim().split(/::|\s/)[0]).filter((h) => /^[A-Za-z_]\w*$/.test(h));
}

export function rustGraph(srcDir = ENGINE_SRC) {
  const files = walk(srcDir, '.rs');
  const moduleOf = (file) => {
    const rel = relative(srcDir, file).split(sep);
    if (rel.length === 1) return rel[0] === 'lib.rs' || rel[0] === 'main.rs' ? 'lib' : rel[0].replace(/\.rs$/, '');
    return rel[0];
  };
  const modules = new Set(files.map(moduleOf).filter((m) => m !== 'lib'));
  const edges = new Map([...modules, 'lib'].map((m) => [m, new Set()]));
  for (const file of files) {
    const from = moduleOf(file);
    const code = withoutTestModules(rustCode(readFileSync(file, 'utf8')));
    const add = (to) => {
      const target = modules.has(to) ? to : 'lib';
      if (target !== from) edges.get(from).add(target);
    };
    for (const m of code.matchAll(/\bcrate\s*::\s*(\{|[A-Za-z_]\w*)/g)) {
      if (m[1] === '{') groupHeads(code, m.index + m[0].length - 1).forEach(add);
      else add(m[1]);
    }
    if (from === 'lib') {
      // The root names its modules directly: `use policy::Policy`, `lexicon::Lexicon::builtin()`.
      for (const m of code.matchAll(/(?<![\w:])([a-z_]\w*)\s*::/g)) {
        if (modules.has(m[1])) add(m[1]);
      }
    }
  }
  return edges;
}

// --- JavaScript ----------------------------------------------------------------------------------

/// Relative specifiers a script imports, statically or dynamically. Lines that are comments are
/// skipped; the scripts are plain ES modules written one import per statement.
export function jsImports(src) {
  const code = src
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .split('\n')
    .map((l) => (/^\s*\/\//.test(l) ? '' : l))
    .join('\n');
  const out = [];
  const patterns = [
    /^\s*(?:import|export)\b[^;'"`]*?\bfrom\s*(['"])([^'"]+)\1/gm,
    /^\s*import\s*(['"])([^'"]+)\1/gm,
    /\bimport\s*\(\s*(['"])([^'"]+)\1\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) out.push(m[2]);
  return out.filter((s) => s.startsWith('./') || s.startsWith('../'));
}

export function jsGraph(srcDir = EXTENSION_SRC) {
  const files = walk(srcDir, '.js');
  const name = (file) => relative(srcDir, file).split(sep).join('/');
  const edges = new Map(files.map((f) => [name(f), new Set()]));
  for (const file of files) {
    for (const spec of jsImports(readFileSync(file, 'utf8'))) {
      const target = resolve(dirname(file), spec);
      const rel = relative(srcDir, target);
      if (rel.startsWith('..') || rel === '') continue;
      edges.get(name(file)).add(rel.split(sep).join('/'));
    }
  }
  return edges;
}

// --- cycles --------------------------------------------------------------------------------------

/// One cycle of the graph as a list of nodes (first = last), or null.
export function findCycle(edges) {
  const state = new Map();
  const stack = [];
  const visit = (node) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of [...(edges.get(node) ?? [])].sort()) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of [...edges.keys()].sort()) {
    if (!state.has(node)) {
      const found = visit(node);
      if (found) return found;
    }
  }
  return null;
}

function main() {
  const print = process.argv.includes('--print');
  const graphs = [
    ['engine (crates/engine/src, by module)', rustGraph()],
    ['extension (extension/src, by file)', jsGraph()],
  ];
  let failed = false;
  for (const [title, edges] of graphs) {
    if (print) {
      console.log(`${title}:`);
      for (const [from, tos] of [...edges].sort(([a], [b]) => a.localeCompare(b))) {
        console.log(`  ${from} -> ${[...tos].sort().join(', ') || '(nothing)'}`);
      }
    }
    const cycle = findCycle(edges);
    if (cycle) {
      console.error(`import cycle in the ${title}: ${cycle.join(' -> ')}`);
      failed = true;
    } else {
      console.log(`${title}: ${edges.size} nodes, one way`);
    }
  }
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
