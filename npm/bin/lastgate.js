#!/usr/bin/env node
// `npx lastgate policy check FILE…`: the CLI's policy check for admins without Rust, on the same
// engine (the Node build's wasm). Same lines on stdout and stderr, same exit codes: 0 when every file
// is valid, 2 when any has a problem or cannot be read.
import { readFileSync } from 'node:fs';
import * as raw from '../node/lastgate_wasm.js';

const USAGE = `usage: lastgate policy check FILE…
  Reads each file as browsers will: Lastgate's policy, a Chrome/Edge managed-policy JSON
  (3rdparty.extensions.<id>, ExtensionInstallForcelist, ExtensionSettings) or a Firefox
  policies.json; prints every problem with its path in the file. The other commands (scan,
  assess, recovery, eval) are in the Rust CLI and the library API.`;

function cannotRead(path, e) {
  // The Rust CLI's words for the same failures (crates/cli/src/main.rs, io_reason).
  const why = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'Is a directory (os error 21)' }[e.code] || e.message;
  return `cannot read '${path}': ${why}`;
}

function check(paths) {
  let problems = 0;
  for (const path of paths) {
    let text;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      process.stderr.write(`lastgate: ${cannotRead(path, e)}\n`);
      return 2;
    }
    const answer = raw.checkPolicyFile(text);
    if (!answer.ok) {
      process.stderr.write(`lastgate: ${answer.errors.map((e) => e.message).join('; ')}\n`);
      return 2;
    }
    const c = answer.value;
    const shown = (p) => p || '(document)';
    for (const e of c.errors) process.stderr.write(`${path}: ${shown(e.path)}: ${e.message}\n`);
    for (const n of c.notes) process.stderr.write(`${path}: note: ${shown(n.path)}: ${n.message}\n`);
    problems += c.errors.length;
    if (!c.errors.length) {
      if (c.kind === 'lastgate') process.stdout.write(`${path}: ok\n`);
      else process.stdout.write(`${path}: ok (${c.kindLabel}; Lastgate policy for ${c.policiesFor.length ? c.policiesFor.join(', ') : 'no extension'})\n`);
    }
  }
  if (problems) {
    process.stderr.write(`${problems} problem${problems === 1 ? '' : 's'} found\n`);
    return 2;
  }
  return 0;
}

const [command, sub, ...files] = process.argv.slice(2);
if (command === 'policy' && sub === 'check' && files.length) {
  process.exitCode = check(files);
} else {
  process.stderr.write(`${USAGE}\n`);
  process.exitCode = 2;
}
