// Runs the `lastgate` CLI (built by `cargo build -p lastgate-cli`) the way an admin would.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './corpus.mjs';

export const LASTGATE = process.env.LASTGATE_BIN || join(ROOT, 'target', 'debug', 'lastgate');

export function ensureCli() {
  if (!existsSync(LASTGATE)) execFileSync('cargo', ['build', '-q', '-p', 'lastgate-cli'], { cwd: ROOT, stdio: 'inherit' });
}

export function lastgate(args, input) {
  const r = spawnSync(LASTGATE, args, { cwd: ROOT, encoding: 'utf8', input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function cliVerdict(page) {
  const args = ['scan', page.path, '--url', page.url, '--json'];
  if (page.referrer) args.push('--referrer', page.referrer);
  const r = lastgate(args);
  if (r.code !== 0) throw new Error(`lastgate scan ${page.file} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

export function cliObservation(page) {
  const args = ['extract', page.path, '--url', page.url];
  if (page.referrer) args.push('--referrer', page.referrer);
  const r = lastgate(args);
  if (r.code !== 0) throw new Error(`lastgate extract ${page.file} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
