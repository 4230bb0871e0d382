// Meridian Clinic's staff portal on Flask-Security-Too (stock templates): sign-in, register,
// forgot/reset password, change password and e-mail, two-factor setup with an authenticator app,
// recovery codes, security keys, sign-in options, re-authentication, the second factor at sign-in.
import { join } from 'node:path';
import { freshState, startProcess, runCommand, waitForMail, totp } from '../lib/harness.mjs';

const HOST = 'staff.meridian-clinic.org';
const PORT = 47105;
const BASE = `https://${HOST}`;
const WEBMAIL = 'https://mail.google.com/';
const py = (ctx) => join(ctx.out, 'venv', 'fst', 'bin', 'python');
const EMAIL = 'nurse.ibrahim@meridian-clinic.org';

export default {
  id: 'fst',
  hosts: { [HOST]: PORT },

  async start(ctx) {
    this.state = freshState(ctx.stateRoot, 'fst');
    return [await startProcess({
      name: 'fst', cmd: py(ctx), args: ['app.py', 'serve'], cwd: join(ctx.root, 'tests', 'apps', 'fst'),
      env: { EVAL_APP_STATE: this.state, EVAL_APP_PORT: String(PORT), PYTHONUNBUFFERED: '1' }, port: PORT, host: HOST, ready: '/login', logDir: ctx.logDir,
    })];
  },

  async versions(ctx) {
    const out = await runCommand(py(ctx), ['-c', 'import importlib.metadata as m; print(m.version("Flask-Security-Too"), m.version("Flask"))']);
    const [fst, flask] = out.trim().split(' ');
    return { 'Flask-Security-Too': fst, Flask: flask };
  },

  async flows(s, ctx) {
    const pw = ctx.password;
    const mail = join(this.state, 'mail');
    const page = await s.newPage();
    const submit = () => page.locator('form input[type=submit], form button[type=submit]').first().click();

    await s.visit(page, 'mc-login', `${BASE}/login`);
    await s.visit(page, 'mc-register', `${BASE}/register`);
    await s.visit(page, 'mc-reset-request', `${BASE}/reset`);
    const since = Date.now();
    await page.fill('input[name=email]', EMAIL);
    await Promise.all([page.waitForNavigation(), submit()]);
    const [link] = await waitForMail(mail, /https:\/\/staff\.meridian-clinic\.org\/reset\/[\w.-]+/, { sinceMs: since });
    await s.visit(page, 'mc-reset-set', link, { referrer: WEBMAIL });
    await page.fill('input[name=password]', pw);
    await page.fill('input[name=password_confirm]', pw);
    await s.after(page, 'mc-reset-done', submit);

    if (!page.url().endsWith('/login') && !page.url().includes('/login?')) await s.go(page, `${BASE}/login`);
    await page.fill('input[name=email]', EMAIL);
    await page.fill('input[name=password]', pw);
    await s.after(page, 'mc-home', submit);
    await s.visit(page, 'mc-change-password', `${BASE}/change`);
    await s.visit(page, 'mc-change-email', `${BASE}/change-email`);
    await s.visit(page, 'mc-verify', `${BASE}/verify`);
    await s.visit(page, 'mc-tf-setup', `${BASE}/tf-setup`);
    await page.check('input[name=setup][value=authenticator]');
    await s.after(page, 'mc-tf-setup-authenticator', submit);
    const key = (await page.locator('#qrcode').locator('xpath=following::div[1]').innerText()).trim();
    await page.fill('input[name=code]', await totp(key));
    await Promise.all([page.waitForNavigation(), page.locator('form[name=two_factor_verify_code_form] [type=submit]').click()]);
    await s.visit(page, 'mc-recovery-codes', `${BASE}/mf-recovery-codes`);
    await s.after(page, 'mc-recovery-codes-generated', () => page.click('input[name=generate_new_codes]'));
    await s.visit(page, 'mc-wan-register', `${BASE}/wan-register`);
    await s.visit(page, 'mc-us-setup', `${BASE}/us-setup`);

    // Signing in again asks for the authenticator code (your own second factor).
    await Promise.all([page.waitForNavigation(), page.locator('button', { hasText: 'Sign Out' }).first().click()]);
    await s.go(page, `${BASE}/login`);
    await page.fill('input[name=email]', EMAIL);
    await page.fill('input[name=password]', pw);
    await s.after(page, 'mc-tf-validate', submit);
    await page.close();
  },
};
