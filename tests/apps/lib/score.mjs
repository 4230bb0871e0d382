// Scores the recorded pages against their labels, for the extension's stored verdicts and for the
// `lastgate scan` CLI on the saved HTML. Prints aggregates only; per-page rows go to pages.jsonl.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FLOWS = ['password_reset', 'mfa_approval', 'device_code', 'oauth_consent', 'credential_reissue',
  'recovery_factor_change', 'reauthentication', 'access_approval', 'none'];
const ALERT = new Set(['warn', 'confirm', 'block']);
const isAlert = (v) => !!v && ALERT.has(v.action);
const pct = (n, d) => (d ? Math.round((1000 * n) / d) / 10 : null);

function cliScan(root, file, url, referrer) {
  const bin = process.env.LASTGATE_BIN || join(root, 'target', 'debug', 'lastgate');
  if (!existsSync(bin)) execFileSync('cargo', ['build', '-q', '-p', 'lastgate-cli'], { cwd: root, stdio: 'inherit' });
  const args = ['scan', file, '--url', url, '--json'];
  if (referrer) args.push('--referrer', referrer);
  const r = spawnSync(bin, args, { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) return { error: `exit ${r.status}: ${(r.stderr || '').trim().slice(0, 300)}` };
  try { return JSON.parse(r.stdout); } catch (e) { return { error: `bad JSON: ${e.message}` }; }
}

function metrics(rows, pick) {
  const n = rows.length;
  const flowOk = rows.filter((r) => pick(r) && pick(r).flow === r.label.flow).length;
  const alerts = rows.filter((r) => r.label.alert);
  const quiet = rows.filter((r) => !r.label.alert);
  const none = rows.filter((r) => r.label.flow === 'none');
  const hit = alerts.filter((r) => isAlert(pick(r))).length;
  const fa = quiet.filter((r) => isAlert(pick(r))).length;
  const faNone = none.filter((r) => isAlert(pick(r))).length;
  const flagged = rows.filter((r) => isAlert(pick(r))).length;
  const flowPages = rows.filter((r) => r.label.flow !== 'none');
  const privRows = rows.filter((r) => r.label.flow !== 'none' && pick(r));
  const confusion = {};
  for (const f of FLOWS) confusion[f] = Object.fromEntries(FLOWS.map((g) => [g, 0]));
  let missing = 0;
  for (const r of rows) {
    const v = pick(r);
    if (!v || !v.flow) { missing += 1; continue; }
    if (confusion[r.label.flow] && FLOWS.includes(v.flow)) confusion[r.label.flow][v.flow] += 1;
  }
  return {
    pages: n,
    no_verdict: missing,
    flow_accuracy: pct(flowOk, n),
    flow_correct: flowOk,
    flow_pages_detected: flowPages.filter((r) => pick(r) && pick(r).flow !== 'none').length,
    flow_pages: flowPages.length,
    alert_recall: pct(hit, alerts.length),
    alerts_caught: hit,
    alert_pages: alerts.length,
    alert_precision: pct(hit, flagged),
    false_alert_rate: pct(fa, quiet.length),
    false_alerts: fa,
    quiet_pages: quiet.length,
    false_alert_rate_flow_none: pct(faNone, none.length),
    false_alerts_flow_none: faNone,
    flow_none_pages: none.length,
    stakes_agreement_on_flow_pages: pct(privRows.filter((r) => !!pick(r).privileged === r.label.privileged && !!pick(r).token_backed === r.label.token_backed).length, privRows.length),
    confusion,
  };
}

function printConfusion(title, confusion) {
  const used = FLOWS.filter((f) => FLOWS.some((g) => confusion[f][g] || confusion[g][f]));
  const abbr = { password_reset: 'reset', mfa_approval: 'mfa', device_code: 'device', oauth_consent: 'oauth', credential_reissue: 'cred',
    recovery_factor_change: 'recov', reauthentication: 'reauth', access_approval: 'access', none: 'none' };
  console.log(`  ${title} (rows: label, columns: verdict)`);
  console.log(`  ${''.padEnd(24)}${used.map((g) => abbr[g].padStart(7)).join('')}`);
  for (const f of used) console.log(`  ${f.padEnd(24)}${used.map((g) => String(confusion[f][g]).padStart(7)).join('')}`);
}

export function score({ root, out, records, labels, apps, versions, failures, seconds }) {
  const rows = [];
  for (const rec of records) {
    const label = labels.get(rec.id);
    const cli = cliScan(root, join(out, rec.file), rec.url, rec.referrer);
    rows.push({ ...rec, label, cli });
  }
  const expected = [...labels.values()].filter((l) => apps.includes(l.app));
  const unreached = expected.filter((l) => !records.some((r) => r.id === l.id)).map((l) => l.id);
  const ext = metrics(rows, (r) => r.verdict);
  const cli = metrics(rows, (r) => (r.cli && !r.cli.error ? r.cli : null));
  const agree = rows.filter((r) => r.verdict && r.cli && !r.cli.error && r.verdict.flow === r.cli.flow && r.verdict.action === r.cli.action).length;
  const agreeFlow = rows.filter((r) => r.verdict && r.cli && !r.cli.error && r.verdict.flow === r.cli.flow).length;
  const cliErrors = rows.filter((r) => r.cli?.error).length;
  const perApp = {};
  for (const a of apps) {
    const rs = rows.filter((r) => r.app === a);
    perApp[a] = { pages: rs.length, alert_pages: rs.filter((r) => r.label.alert).length, extension: metrics(rs, (r) => r.verdict), cli: metrics(rs, (r) => (r.cli && !r.cli.error ? r.cli : null)) };
    delete perApp[a].extension.confusion;
    delete perApp[a].cli.confusion;
  }
  const perFlow = {};
  for (const f of FLOWS) perFlow[f] = rows.filter((r) => r.label.flow === f).length;
  const report = {
    generated_by: 'make eval-apps (tests/apps/run.mjs)',
    seconds, apps, versions, pages: rows.length, labelled_pages_per_app: Object.fromEntries(apps.map((a) => [a, rows.filter((r) => r.app === a).length])),
    labelled_pages_per_flow: perFlow, unreached_labels: unreached, flow_failures: failures,
    extension: ext, cli, agreement: { flow_and_action: agree, flow: agreeFlow, of: rows.length, cli_errors: cliErrors }, per_app: perApp,
  };
  writeFileSync(join(out, 'report.json'), JSON.stringify(report, null, 2));
  writeFileSync(join(out, 'pages.jsonl'), rows.map((r) => JSON.stringify({
    id: r.id, app: r.app, url: r.url, referrer: r.referrer, title: r.title, file: r.file, label: r.label,
    extension: r.verdict ? { flow: r.verdict.flow, action: r.verdict.action, risk: r.verdict.risk, privileged: r.verdict.privileged, token_backed: r.verdict.token_backed, reasons: (r.verdict.reasons || []).map((x) => x.id) } : null,
    extension_ms: r.verdict_ms,
    cli: r.cli && !r.cli.error ? { flow: r.cli.flow, action: r.cli.action, risk: r.cli.risk, privileged: r.cli.privileged, token_backed: r.cli.token_backed, reasons: (r.cli.reasons || []).map((x) => x.id) } : r.cli,
  })).join('\n') + '\n');

  const line = (name, m) => console.log(`  ${name.padEnd(10)} flow accuracy ${m.flow_accuracy}% (${m.flow_correct}/${m.pages})  alert recall ${m.alert_recall}% (${m.alerts_caught}/${m.alert_pages})  `
    + `alert precision ${m.alert_precision ?? '-'}%  false alerts ${m.false_alert_rate}% of quiet pages (${m.false_alerts}/${m.quiet_pages}; ${m.false_alerts_flow_none}/${m.flow_none_pages} flow:none)  no verdict ${m.no_verdict}`);
  console.log(`\neval-apps: ${rows.length} labelled pages from ${apps.length} apps (${Object.entries(report.labelled_pages_per_app).map(([a, n]) => `${a} ${n}`).join(', ')})`);
  console.log(`  flows: ${Object.entries(perFlow).filter(([, n]) => n).map(([f, n]) => `${f} ${n}`).join(', ')}; alert pages ${ext.alert_pages}, quiet pages ${ext.quiet_pages}`);
  line('extension', ext);
  line('cli', cli);
  console.log(`  agreement  extension and CLI agree on flow and action on ${agree}/${rows.length} pages (flow alone: ${agreeFlow})${cliErrors ? `; CLI errors ${cliErrors}` : ''}`);
  printConfusion('extension: per-flow confusion', ext.confusion);
  printConfusion('cli: per-flow confusion', cli.confusion);
  console.log(`  run time ${seconds} s; numbers in target/eval-apps/report.json, per-page rows in target/eval-apps/pages.jsonl`);
  if (unreached.length) console.error(`eval-apps: ${unreached.length} labelled page(s) were not reached: ${unreached.join(', ')}`);
  return unreached.length === 0 && failures.length === 0;
}
