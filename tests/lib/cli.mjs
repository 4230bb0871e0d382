// Runs the `lastgate` CLI (built by `cargo build -p lastgate-cli`) the way an admin would.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { CORPUS, ROOT, loadCorpus } from './corpus.mjs';

export const LASTGATE = process.env.LASTGATE_BIN || join(ROOT, 'target', 'debug', 'lastgate');

export function ensureCli() {
  if (!existsSync(LASTGATE)) execFileSync('cargo', ['build', '-q', '-p', 'lastgate-cli'], { cwd: ROOT, stdio: 'inherit' });
}

export function lastgate(args, input) {
  const r = spawnSync(LASTGATE, args, { cwd: ROOT, encoding: 'utf8', input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The corpus's verdicts from one `lastgate eval tests/corpus --json` (the same code path as
// `lastgate scan` per page; crates/cli/tests/cli.rs checks the two agree), not a process per page: a CLI
// process spends ~100 ms building its matchers before reading a page, and the suites ask for every
// corpus page's verdict several times over (each front end, each part), which cost tens of minutes.
// Keyed by path, URL and referrer, so a page object that is not the label's own still gets a scan.
let corpusVerdicts = null;
function batchVerdict(page) {
  if (!page.path.startsWith(CORPUS + sep)) return undefined;
  if (!corpusVerdicts) {
    corpusVerdicts = new Map();
    const r = spawnSync(LASTGATE, ['eval', CORPUS, '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
    const byFile = new Map();
    for (const line of (r.stdout || '').split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line);
      byFile.set(row.file, row.verdict);
    }
    for (const p of loadCorpus()) if (byFile.has(p.file)) corpusVerdicts.set(`${p.path}\n${p.url}\n${p.referrer}`, byFile.get(p.file));
  }
  return corpusVerdicts.get(`${page.path}\n${page.url}\n${page.referrer || ''}`);
}

export function cliVerdict(page) {
  const batched = batchVerdict(page);
  if (batched) return structuredClone(batched);
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
