// Bluefin Logistics' identity provider (panva's oidc-provider from npm): the stock development
// sign-in and consent pages, and the device authorization grant's stock code, confirm and
// success pages.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { freshState, startProcess } from '../lib/harness.mjs';

const HOST = 'id.bluefin-logistics.com';
const PORT = 47104;
const BASE = `https://${HOST}`;
const TEAMS = 'https://teams.microsoft.com/';

function authUrl(clientId, redirect, scope, extra = {}) {
  const verifier = randomBytes(32).toString('base64url');
  const q = new URLSearchParams({ client_id: clientId, response_type: 'code', redirect_uri: redirect, scope,
    state: randomBytes(6).toString('hex'), nonce: randomBytes(6).toString('hex'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256', ...extra });
  return `${BASE}/auth?${q}`;
}

function post(path, form) {
  return new Promise((resolve, reject) => {
    const body = new URLSearchParams(form).toString();
    const req = request({ host: '127.0.0.1', port: PORT, path, method: 'POST', headers: { host: HOST, 'x-forwarded-proto': 'https',
      'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let data = '';
      res.on('data', (d) => { data += d; });
      res.on('end', () => { try { resolve(JSON.parse(data)); } catch { reject(new Error(`${path}: ${res.statusCode} ${data.slice(0, 200)}`)); } });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const submit = (page) => page.locator('button[type=submit]').first().click();

export default {
  id: 'oidc',
  hosts: { [HOST]: PORT },
  callbackHosts: ['fleet.bluefin-logistics.com', 'status.bluefin-logistics.com'],

  async start(ctx) {
    this.state = freshState(ctx.stateRoot, 'oidc');
    return [await startProcess({
      name: 'oidc', cmd: process.execPath, args: [join(ctx.root, 'tests', 'apps', 'oidc', 'server.mjs')], cwd: this.state,
      env: { EVAL_APP_STATE: this.state, EVAL_APP_PORT: String(PORT), EVAL_APP_HOST: HOST, EVAL_NODE_MODULES: join(ctx.out, 'node', 'node_modules') },
      port: PORT, host: HOST, ready: '/.well-known/openid-configuration', logDir: ctx.logDir,
    })];
  },

  async versions(ctx) {
    const v = JSON.parse(readFileSync(join(ctx.out, 'node', 'node_modules', 'oidc-provider', 'package.json'), 'utf8')).version;
    return { 'oidc-provider': v, node: process.version };
  },

  async flows(s) {
    const page = await s.newPage();
    // Authorization code flow: sign-in, then consent for profile, e-mail and offline access.
    await s.visit(page, 'bl-login', authUrl('fleet-dashboard', 'https://fleet.bluefin-logistics.com/callback', 'openid profile email offline_access', { prompt: 'consent' }));
    await page.fill('input[name=login]', 'dispatch.lead');
    await page.fill('input[name=password]', 'any-password');
    await s.after(page, 'bl-consent-offline', () => submit(page));
    await Promise.all([page.waitForURL(/fleet\.bluefin-logistics\.com/), submit(page)]);
    // A second client asking only to know the e-mail address.
    await s.visit(page, 'bl-consent-email', authUrl('carrier-status', 'https://status.bluefin-logistics.com/cb', 'openid email'));
    await Promise.all([page.waitForURL(/status\.bluefin-logistics\.com/), submit(page)]);

    // Device authorization grant: the dock terminal shows a code; the user enters it at /device.
    const dev = await post('/device/auth', { client_id: 'dock-terminal', scope: 'openid profile offline_access' });
    if (!dev.user_code) throw new Error(`device authorization failed: ${JSON.stringify(dev)}`);
    await s.visit(page, 'bl-device', `${BASE}/device`);
    await page.fill('input[name=user_code]', dev.user_code);
    await s.after(page, 'bl-device-confirm', () => submit(page));
    await s.after(page, 'bl-device-consent', () => page.locator('button[type=submit]:not([name=abort]), button:not([name=abort])').first().click());
    await s.after(page, 'bl-device-success', () => submit(page));
    // The same code page opened from a Teams chat message, and a link carrying the code.
    const dev2 = await post('/device/auth', { client_id: 'dock-terminal', scope: 'openid profile offline_access' });
    await s.visit(page, 'bl-device-from-chat', `${BASE}/device`, { referrer: TEAMS });
    await s.visit(page, 'bl-device-complete-uri', dev2.verification_uri_complete);

    await s.visit(page, 'bl-logout', `${BASE}/session/end`);
    await page.close();
  },
};
