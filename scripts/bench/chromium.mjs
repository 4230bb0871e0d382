// Chromium for the benchmark, started by us (not by Playwright's launchPersistentContext) so that a
// browser-level DevTools-protocol session is available: it reaches the extension's service-worker
// target (heap, wasm memory) and can stop the worker, which page sessions cannot.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/**
 * Starts headless Chromium 156 (/usr/bin/chromium) with or without `extension` loaded; `hosts` are
 * mapped to 127.0.0.1:`port`. Returns the Playwright browser (connected over CDP), its default
 * (persistent) context, a browser-level CDP session and close().
 */
export async function startChromium({ extension = null, hosts = [], port }) {
  const profile = mkdtempSync(join(tmpdir(), 'lastgate-bench-'));
  const args = [
    '--headless', '--remote-debugging-port=0', `--user-data-dir=${profile}`,
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--no-default-browser-check',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--ignore-certificate-errors', '--window-size=1280,800',
  ];
  if (extension) args.push(`--disable-extensions-except=${extension}`, `--load-extension=${extension}`);
  else args.push('--disable-extensions');
  if (hosts.length) args.push(`--host-resolver-rules=${hosts.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(', ')}`);
  // Extra flags for experiments (floor.mjs documents it); unset in make bench.
  if (process.env.BENCH_CHROMIUM_ARGS) args.push(...process.env.BENCH_CHROMIUM_ARGS.split(/\s+/).filter(Boolean));
  args.push('about:blank');
  const proc = spawn('/usr/bin/chromium', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ws = await new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not start: ${err.slice(-500)}`)), 30000);
    proc.stderr.on('data', (d) => {
      err += d;
      const m = err.match(/DevTools listening on (ws:\/\/\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`chromium exited ${code}: ${err.slice(-500)}`)); });
  });
  proc.stderr.resume();
  const browser = await chromium.connectOverCDP(ws);
  const context = browser.contexts()[0];
  const cdp = await browser.newBrowserCDPSession();
  const exited = new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
  const close = async () => {
    // Browser.close lets Chromium shut its child processes down before the profile is removed.
    await cdp.send('Browser.close').catch(() => {});
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    await browser.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  };
  return { browser, context, cdp, close, pid: proc.pid };
}
