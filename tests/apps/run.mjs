// make eval-apps: Lastgate's detection on pages rendered by real open-source applications, through
// the built extension in headless Chromium, scored against tests/apps/labels.json; the same saved
// pages through the `lastgate` CLI. Stdout carries aggregate scores only; per-page details go to
// target/eval-apps/pages.jsonl (and report.json holds the numbers).
//
//   node tests/apps/run.mjs                 every app
//   EVAL_APPS=northwind,oidc node …         some apps (scores cover what ran)
//   EVAL_APPS_COLLECT=1 node …              record pages with no label yet and skip scoring
//                                           (only for adding an app: label what it records, then run again)
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProxy } from './lib/proxy.mjs';
import { Session } from './lib/harness.mjs';
import { score } from './lib/score.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const OUT = join(ROOT, 'target', 'eval-apps');
const PROXY_PORT = Number(process.env.EVAL_APPS_PORT || 47443);
const ALL = ['northwind', 'wagtail', 'jupyterhub', 'oidc', 'fst', 'fab', 'mediawiki', 'roundup', 'redmine'];
const t0 = Date.now();
process.env.PYTHONDONTWRITEBYTECODE = '1'; // the Python apps run from tests/apps: leave no byte code there
const collect = process.env.EVAL_APPS_COLLECT === '1';
const wanted = (process.env.EVAL_APPS || ALL.join(',')).split(',').map((s) => s.trim()).filter(Boolean);

if (!existsSync(join(ROOT, 'dist', 'extension', 'manifest.json'))) {
  console.error('eval-apps: dist/extension is missing; run `make build` first');
  process.exit(2);
}
const labelList = JSON.parse(readFileSync(join(HERE, 'labels.json'), 'utf8'));
const labels = new Map(labelList.map((l) => [l.id, l]));
if (labels.size !== labelList.length) throw new Error('labels.json has duplicate ids');

const apps = [];
for (const name of wanted) {
  if (!ALL.includes(name)) throw new Error(`unknown app ${name} (known: ${ALL.join(', ')})`);
  apps.push((await import(`./flows/${name}.mjs`)).default);
}

rmSync(join(OUT, 'pages'), { recursive: true, force: true });
rmSync(join(OUT, 'shots'), { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const ctx = { root: ROOT, out: OUT, stateRoot: OUT, logDir: join(OUT, 'logs'), password: process.env.EVAL_PASSWORD || 'Eval-Passw0rd-2026', proxyPort: PROXY_PORT };
const routes = {};
for (const app of apps) Object.assign(routes, app.hosts);
// Hosts that OAuth clients redirect back to: a small page stands in for the client application.
const callbacks = new Set(apps.flatMap((a) => a.callbackHosts || []));
let proxy;
try {
  proxy = await startProxy({ routes, callbacks, port: PROXY_PORT, certDir: join(OUT, 'tls') });
} catch (e) {
  console.error(`eval-apps: cannot listen on 127.0.0.1:${PROXY_PORT} (${e.code || e.message}); set EVAL_APPS_PORT to a free port`);
  process.exit(3);
}

const records = [];
const versions = {};
const failures = [];
const procs = [];
let stopping = false;
const stopAll = async () => {
  if (stopping) return;
  stopping = true;
  for (const p of procs.reverse()) await p.stop();
  await proxy.close();
};
process.on('SIGINT', () => { stopAll().then(() => process.exit(130)); });
process.on('SIGTERM', () => { stopAll().then(() => process.exit(143)); });

try {
  // All apps start together (each waits for its own port), then each is walked in its own browser.
  console.log(`eval-apps: starting ${apps.map((a) => a.id).join(', ')}`);
  const started = await Promise.allSettled(apps.map(async (app) => {
    const ps = await app.start(ctx);
    procs.push(...ps);
    versions[app.id] = await app.versions(ctx);
  }));
  const bad = started.map((r, i) => [r, apps[i]]).filter(([r]) => r.status === 'rejected');
  if (bad.length) {
    for (const [r, app] of bad) console.error(`eval-apps: ${app.id} failed to start: ${r.reason?.message || r.reason}`);
    throw Object.assign(new Error('an app failed to start'), { startFailure: true });
  }
  console.log(`eval-apps: all apps up after ${Math.round((Date.now() - t0) / 1000)} s`);
  for (const app of apps) {
    const s = await Session.open({ app: app.id, hosts: [...Object.keys(app.hosts), ...(app.callbackHosts || [])], proxyPort: proxy.port, out: OUT, labels, collect, records });
    const t = Date.now();
    try {
      await app.flows(s, ctx);
    } catch (e) {
      failures.push(`${app.id}: ${e.message}`);
      console.error(`eval-apps: ${app.id}: a flow failed: ${e.message.split('\n')[0]}`);
    } finally {
      await s.close();
    }
    console.log(`eval-apps: ${app.id}: ${records.filter((r) => r.app === app.id).length} pages in ${Math.round((Date.now() - t) / 1000)} s`);
  }
} catch (e) {
  await stopAll();
  if (e.startFailure) {
    console.error('eval-apps: stopping (an app that does not start would leave its pages unscored). Logs: target/eval-apps/logs/');
    process.exit(3);
  }
  throw e;
}
await stopAll();

writeFileSync(join(OUT, 'records.json'), JSON.stringify(records, null, 1));
if (collect) {
  const unlabelled = records.filter((r) => !labels.has(r.id)).map((r) => r.id);
  console.log(`eval-apps (collect): ${records.length} pages recorded, ${unlabelled.length} without a label; not scored`);
  process.exit(0);
}
const seconds = Math.round((Date.now() - t0) / 1000);
const ok = score({ root: ROOT, out: OUT, records, labels, apps: apps.map((a) => a.id), versions, failures, seconds });
if (failures.length) {
  console.error(`eval-apps: ${failures.length} app(s) did not finish their flows (their finished pages are scored):`);
  for (const f of failures) console.error(`  ${f.split('\n')[0]}`);
}
process.exit(ok ? 0 : 1);
