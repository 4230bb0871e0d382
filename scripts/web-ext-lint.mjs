// Runs `web-ext lint` on dist/extension and fails on any error (warnings are printed, not fatal).
import { spawnSync } from 'node:child_process';
const r = spawnSync('node_modules/.bin/web-ext', ['lint', '--source-dir', 'dist/extension', '--self-hosted', '--output', 'json'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(r.stdout);
} catch {
  console.error(`web-ext lint did not produce a report:\n${r.stdout}\n${r.stderr}`);
  process.exit(1);
}
for (const kind of ['errors', 'warnings']) for (const m of report[kind]) console.log(`${kind.slice(0, -1)}: ${m.code}: ${m.message}${m.file ? ` (${m.file})` : ''}`);
console.log(`web-ext lint: ${report.summary.errors} errors, ${report.summary.warnings} warnings`);
process.exit(report.summary.errors === 0 ? 0 : 1);
