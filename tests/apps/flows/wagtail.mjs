// Kestrel Outdoor's site on Wagtail CMS: the public pages (a help article about two-factor
// recovery) and the stock Wagtail admin (sign-in, password reset, account, users).
import { join } from 'node:path';
import { freshState, startProcess, runCommand, waitForMail } from '../lib/harness.mjs';

const HOST = 'cms.kestrel-outdoor.com';
const PORT = 47102;
const BASE = `https://${HOST}`;
const WEBMAIL = 'https://outlook.office.com/mail/inbox/id/AAQkAGI2';
const py = (ctx) => join(ctx.out, 'venv', 'django', 'bin', 'python');

export default {
  id: 'wagtail',
  hosts: { [HOST]: PORT },

  async start(ctx) {
    this.state = freshState(ctx.stateRoot, 'wagtail');
    return [await startProcess({
      name: 'wagtail', cmd: py(ctx), args: ['manage.py', 'runserver', `127.0.0.1:${PORT}`, '--noreload', '--insecure'],
      cwd: join(ctx.root, 'tests', 'apps', 'kestrel_cms'), env: { EVAL_APP_STATE: this.state, PYTHONUNBUFFERED: '1' },
      port: PORT, host: HOST, ready: '/admin/login/', logDir: ctx.logDir,
    })];
  },

  async versions(ctx) {
    const out = await runCommand(py(ctx), ['-c', 'import importlib.metadata as m; print(m.version("wagtail"))']);
    return { wagtail: out.trim() };
  },

  async flows(s, ctx) {
    const pw = ctx.password;
    const mail = join(this.state, 'mail');
    const page = await s.newPage();
    await s.visit(page, 'kc-home', `${BASE}/`);
    await s.visit(page, 'kc-help-2fa', `${BASE}/help/two-factor/`);
    await s.visit(page, 'kc-admin-login', `${BASE}/admin/login/?next=/admin/`);
    await s.visit(page, 'kc-reset-request', `${BASE}/admin/password_reset/`);
    const since = Date.now();
    await page.fill('input[name=email]', 'lena.fischer@kestrel-outdoor.com');
    await s.after(page, 'kc-reset-sent', () => page.locator('form button[type=submit], form input[type=submit]').first().click());
    const [link] = await waitForMail(mail, /https:\/\/cms\.kestrel-outdoor\.com\/admin\/password_reset\/confirm\/\S+/, { sinceMs: since });
    await s.visit(page, 'kc-reset-set', link, { referrer: WEBMAIL });
    await page.fill('input[name=new_password1]', pw);
    await page.fill('input[name=new_password2]', pw);
    await s.after(page, 'kc-reset-complete', () => page.locator('form button[type=submit], form input[type=submit]').first().click());

    await s.go(page, `${BASE}/admin/login/?next=/admin/`);
    await page.fill('input[name=username]', 'siteadmin');
    await page.fill('input[name=password]', pw);
    await s.after(page, 'kc-dashboard', () => page.locator('form button[type=submit]').first().click());
    await s.visit(page, 'kc-users', `${BASE}/admin/users/`);
    const idOf = async (name) => (await page.locator(`a[href*="/admin/users/edit/"]`, { hasText: name }).first().getAttribute("href")).match(/\/edit\/(\d+)\//)[1];
    const lena = await idOf('Lena Fischer');
    const priya = await idOf('Priya Nair');
    await s.visit(page, 'kc-user-edit-editor', `${BASE}/admin/users/edit/${lena}/`);
    await s.visit(page, 'kc-user-edit-admin', `${BASE}/admin/users/edit/${priya}/`);
    await s.visit(page, 'kc-pages', `${BASE}/admin/pages/`);
    await page.close();
  },
};
