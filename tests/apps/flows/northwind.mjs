// Northwind Traders' account portal: Django, django-allauth (account, MFA, user sessions),
// django-oauth-toolkit (authorization-code consent, device authorization grant, application
// registration) and the Django admin, all with their stock templates.
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { join } from 'node:path';
import { freshState, startProcess, runCommand, waitForMail, totp } from '../lib/harness.mjs';

const HOST = 'accounts.northwind-traders.com';
const PORT = 47101;
const BASE = `https://${HOST}`;
const WEBMAIL = 'https://mail.google.com/';
const CHAT = 'https://app.slack.com/client/T04NWTRADE/C05ITHELP';

const py = (ctx) => join(ctx.out, 'venv', 'django', 'bin', 'python');
const dir = (ctx) => join(ctx.root, 'tests', 'apps', 'northwind');

/** An authorization request with PKCE, as the client application would send the browser. */
function authorizeUrl(clientId, redirect, scope) {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const q = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirect, scope,
    state: randomBytes(8).toString('hex'), code_challenge: challenge, code_challenge_method: 'S256' });
  return { url: `${BASE}/o/authorize/?${q}`, verifier };
}

/** A form POST from a client application (device or back end) straight to the app's port. */
function post(path, form) {
  return new Promise((resolve, reject) => {
    const body = new URLSearchParams(form).toString();
    const req = request({ host: '127.0.0.1', port: PORT, path, method: 'POST',
      headers: { host: HOST, 'x-forwarded-proto': 'https', 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let data = '';
      res.on('data', (d) => { data += d; });
      res.on('end', () => { try { resolve(JSON.parse(data)); } catch { reject(new Error(`${path}: ${res.statusCode} ${data.slice(0, 200)}`)); } });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function submit(page, selector = 'form button[type=submit], form input[type=submit]') {
  await page.locator(selector).first().click();
}

export default {
  id: 'northwind',
  hosts: { [HOST]: PORT },
  callbackHosts: ['mobile.northwind-traders.com', 'directory.northwind-traders.com'],

  async start(ctx) {
    const state = freshState(ctx.stateRoot, 'northwind');
    this.state = state;
    return [await startProcess({
      name: 'northwind', cmd: py(ctx), args: ['manage.py', 'runserver', `127.0.0.1:${PORT}`, '--noreload', '--insecure'],
      cwd: dir(ctx), env: { EVAL_APP_STATE: state, PYTHONUNBUFFERED: '1' }, port: PORT, host: HOST, ready: '/accounts/login/', logDir: ctx.logDir,
    })];
  },

  async versions(ctx) {
    const out = await runCommand(py(ctx), ['-c', 'import importlib.metadata as m; print(" ".join(f"{p}={m.version(p)}" for p in ["Django","django-allauth","django-oauth-toolkit"]))']);
    return Object.fromEntries(out.trim().split(' ').map((kv) => kv.split('=')));
  },

  async flows(s, ctx) {
    const pw = ctx.password;
    const mail = join(this.state, 'mail');
    const page = await s.newPage();

    // Signed out: sign-in, sign-up, the password reset from request to finish.
    await s.visit(page, 'nw-home-anon', `${BASE}/`);
    await s.visit(page, 'nw-login', `${BASE}/accounts/login/`);
    await s.visit(page, 'nw-signup', `${BASE}/accounts/signup/`);
    await s.visit(page, 'nw-reset-request', `${BASE}/accounts/password/reset/`);
    const since = Date.now();
    await page.fill('input[name=email]', 'maria.anders@northwind-traders.com');
    await s.after(page, 'nw-reset-sent', () => submit(page));
    const [link] = await waitForMail(mail, /https:\/\/accounts\.northwind-traders\.com\/accounts\/password\/reset\/key\/\S+/, { sinceMs: since });
    await s.visit(page, 'nw-reset-set', link, { referrer: WEBMAIL });
    await page.fill('input[name=password1]', pw);
    await page.fill('input[name=password2]', pw);
    await s.after(page, 'nw-reset-done', () => submit(page));

    // Sign in with a one-time code sent by mail (allauth's login by code).
    await s.visit(page, 'nw-login-code', `${BASE}/accounts/login/code/`);
    const since2 = Date.now();
    await page.fill('input[name=email]', 'maria.anders@northwind-traders.com');
    await s.after(page, 'nw-login-code-confirm', () => submit(page));
    const [, code] = await waitForMail(mail, /listed below\.[^\n]*\n\s*\n\s*(\S+)\s*\n/, { sinceMs: since2 });
    await page.fill('input[name=code]', code);
    await s.after(page, 'nw-home', () => submit(page));

    // Account settings, e-mail (the recovery channel), password change, sessions.
    await s.visit(page, 'nw-email', `${BASE}/accounts/email/`);
    await s.visit(page, 'nw-password-change', `${BASE}/accounts/password/change/`);
    await s.visit(page, 'nw-sessions', `${BASE}/accounts/sessions/`);
    await s.visit(page, 'nw-reauthenticate', `${BASE}/accounts/reauthenticate/?next=/accounts/2fa/`);
    await page.fill('input[name=password]', pw);
    await submit(page);
    await page.waitForLoadState('load');

    // Two-factor authentication: activate an authenticator app, recovery codes, a security key.
    await s.visit(page, 'nw-mfa-index', `${BASE}/accounts/2fa/`);
    await s.visit(page, 'nw-totp-activate', `${BASE}/accounts/2fa/totp/activate/`);
    const secret = await page.inputValue('#authenticator_secret');
    await page.fill('input[name=code]', await totp(secret));
    await s.after(page, 'nw-recovery-codes-first', () => submit(page));
    await s.visit(page, 'nw-recovery-codes-generate', `${BASE}/accounts/2fa/recovery-codes/generate/`);
    await s.visit(page, 'nw-webauthn-add', `${BASE}/accounts/2fa/webauthn/add/`);
    await s.visit(page, 'nw-totp-deactivate', `${BASE}/accounts/2fa/totp/deactivate/`);
    await s.visit(page, 'nw-mfa-index-active', `${BASE}/accounts/2fa/`);
    // The same backup-codes page, opened from a chat message ("IT needs your codes").
    await s.visit(page, 'nw-recovery-codes-from-chat', `${BASE}/accounts/2fa/recovery-codes/`, { referrer: CHAT });

    // OAuth: consent for the mobile app (order data) and the team directory (profile only).
    const mobileRedirect = 'https://mobile.northwind-traders.com/oauth/callback';
    const mobile = authorizeUrl('northwind-mobile', mobileRedirect, 'orders:read orders:write');
    await s.visit(page, 'nw-oauth-consent-orders', mobile.url);
    await Promise.all([page.waitForURL(/mobile\.northwind-traders\.com/), page.click('input[name=allow]')]);
    // The mobile app exchanges the code for its tokens (so "Connected applications" lists it).
    const grant = new URL(page.url()).searchParams.get('code');
    const tok = await post('/o/token/', { grant_type: 'authorization_code', code: grant, redirect_uri: mobileRedirect, client_id: 'northwind-mobile', code_verifier: mobile.verifier });
    if (!tok.access_token) throw new Error(`token exchange failed: ${JSON.stringify(tok)}`);
    await s.visit(page, 'nw-oauth-consent-profile', authorizeUrl('team-directory', 'https://directory.northwind-traders.com/callback', 'profile').url);
    await s.visit(page, 'nw-authorized-tokens', `${BASE}/o/authorized_tokens/`);
    const revoke = await page.locator('a[href*="/o/authorized_tokens/"][href$="/delete/"]').first().getAttribute('href');
    await s.visit(page, 'nw-authorized-token-revoke', new URL(revoke, BASE).href);
    await Promise.all([page.waitForNavigation(), submit(page)]);

    // Device authorization grant: the warehouse scanner shows a code; the user enters it here.
    const dev = await post('/o/device-authorization/', { client_id: 'warehouse-scanner', scope: 'orders:read inventory' });
    if (!dev.user_code) throw new Error(`device authorization failed: ${JSON.stringify(dev)}`);
    await s.visit(page, 'nw-device-code', `${BASE}/o/device/`);
    await page.fill('input[name=user_code]', dev.user_code);
    await s.after(page, 'nw-device-confirm', () => submit(page));
    await s.after(page, 'nw-device-done', () => page.click('button[value=accept]'));

    // Developer applications: list and register (the form carries a fresh client secret).
    await s.visit(page, 'nw-apps-list', `${BASE}/o/applications/`);
    await s.visit(page, 'nw-apps-register', `${BASE}/o/applications/register/`);
    await s.go(page, `${BASE}/accounts/logout/`);
    await Promise.all([page.waitForNavigation(), submit(page)]);

    // The Django admin, signed in as an administrator.
    await s.visit(page, 'nw-admin-login', `${BASE}/admin/login/?next=/admin/`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', pw);
    await s.after(page, 'nw-admin-index', () => submit(page, 'input[type=submit]'));
    await s.visit(page, 'nw-admin-users', `${BASE}/admin/auth/user/`);
    const userId = async (name) => {
      const href = await page.locator('#result_list a', { hasText: new RegExp(`^${name.replace('.', '\\.')}$`) }).first().getAttribute('href');
      return href.match(/\/(\d+)\/change\//)[1];
    };
    const maria = await userId('maria.anders');
    const itAdmin = await userId('it-admin');
    await s.visit(page, 'nw-admin-user-password', `${BASE}/admin/auth/user/${maria}/password/`);
    await s.visit(page, 'nw-admin-itadmin-password', `${BASE}/admin/auth/user/${itAdmin}/password/`);
    await s.visit(page, 'nw-admin-oauth-app-add', `${BASE}/admin/oauth2_provider/application/add/`);
    await s.visit(page, 'nw-admin-access-tokens', `${BASE}/admin/oauth2_provider/accesstoken/`);
    await s.visit(page, 'nw-admin-password-change', `${BASE}/admin/password_change/`);
    await page.close();
  },
};
