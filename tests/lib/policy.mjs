// Enterprise policy the way Chromium really gets it on Linux: a JSON file under
// /etc/chromium/policies/managed/ with the extension's values under 3rdparty.extensions.<id>
// (Chromium then checks them against the extension's managed_schema.json). Needs root; every file
// written is removed again — after the test, on exit, and on Ctrl-C.
import { mkdirSync, writeFileSync, rmSync, accessSync, readdirSync, constants } from 'node:fs';
import { join } from 'node:path';

export const POLICY_DIR = '/etc/chromium/policies/managed';
export const EXTENSION_ID = 'llacpcndkamhedopoleneinplflhnnfp';
const written = new Set();

function cleanup() {
  for (const f of written) rmSync(f, { force: true });
  written.clear();
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { cleanup(); process.exit(130); });

// A run that was killed outright (SIGKILL, a CI timeout) leaves its file behind, and every later
// Chromium on this machine would start with that policy. Files of processes that are gone go first.
function removeStale() {
  let names;
  try { names = readdirSync(POLICY_DIR); } catch { return; }
  for (const name of names) {
    const m = /^lastgate-test-(\d+)\.json$/.exec(name);
    if (!m || Number(m[1]) === process.pid) continue;
    try {
      process.kill(Number(m[1]), 0);
    } catch (e) {
      if (e.code !== 'ESRCH') continue;
      try { rmSync(join(POLICY_DIR, name), { force: true }); } catch { /* not root: policyUnavailable() says so */ }
    }
  }
}
removeStale();

/** Why managed policy cannot be written here, or '' when it can. */
export function policyUnavailable() {
  if (process.getuid && process.getuid() !== 0) return 'writing Chromium managed policy needs root (the CI machine runs tests as root)';
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    accessSync(POLICY_DIR, constants.W_OK);
  } catch (e) {
    return `cannot write ${POLICY_DIR}: ${e.message}`;
  }
  return '';
}

/** Writes `values` as Lastgate's managed policy (raw: any JSON, to test what Chromium drops). */
export function writeManagedPolicy(values) {
  mkdirSync(POLICY_DIR, { recursive: true });
  const file = join(POLICY_DIR, `lastgate-test-${process.pid}.json`);
  writeFileSync(file, JSON.stringify({ '3rdparty': { extensions: { [EXTENSION_ID]: values } } }, null, 2));
  written.add(file);
  return () => { rmSync(file, { force: true }); written.delete(file); };
}
