// Harbourline Energy's operations console on Flask-AppBuilder (stock security views): sign-in,
// users and roles, an administrator resetting other people's passwords, the admin's own pages.
import { join } from 'node:path';
import { freshState, startProcess, runCommand } from '../lib/harness.mjs';

const HOST = 'ops.harbourline-energy.com';
const PORT = 47106;
const BASE = `https://${HOST}`;
const py = (ctx) => join(ctx.out, 'venv', 'fab', 'bin', 'python');

export default {
  id: 'fab',
  hosts: { [HOST]: PORT },

  async start(ctx) {
    this.state = freshState(ctx.stateRoot, 'fab');
    return [await startProcess({
      name: 'fab', cmd: py(ctx), args: ['app.py', 'serve'], cwd: join(ctx.root, 'tests', 'apps', 'fab'),
      env: { EVAL_APP_STATE: this.state, EVAL_APP_PORT: String(PORT), PYTHONUNBUFFERED: '1' }, port: PORT, host: HOST, ready: '/login/', logDir: ctx.logDir,
    })];
  },

  async versions(ctx) {
    const out = await runCommand(py(ctx), ['-c', 'import importlib.metadata as m; print(m.version("Flask-AppBuilder"))']);
    return { 'Flask-AppBuilder': out.trim() };
  },

  async flows(s, ctx) {
    const page = await s.newPage();
    await s.visit(page, 'hl-login', `${BASE}/login/`);
    await page.fill('input[name=username]', 'opsadmin');
    await page.fill('input[name=password]', ctx.password);
    await s.after(page, 'hl-home', () => page.locator('form [type=submit]').first().click());
    await s.visit(page, 'hl-users', `${BASE}/users/list/`);
    const idOf = async (name) => {
      const row = page.locator('table tr', { hasText: name }).first();
      const href = await row.locator('a[href*="/users/show/"]').first().getAttribute('href');
      return href.match(/\/users\/show\/(\d+)/)[1];
    };
    const tech = await idOf('field.tech');
    await s.visit(page, 'hl-user-show', `${BASE}/users/show/${tech}`);
    await s.visit(page, 'hl-reset-other', `${BASE}/users/action/resetpasswords/${tech}`);
    await s.visit(page, 'hl-roles', `${BASE}/roles/list/`);
    await s.visit(page, 'hl-userinfo', `${BASE}/users/userinfo/`);
    await s.visit(page, 'hl-resetmypassword', `${BASE}/resetmypassword/form`);
    await page.close();
  },
};
