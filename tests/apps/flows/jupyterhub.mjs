// DataLab's JupyterHub with NativeAuthenticator: sign-up and admin approval, sign-in, the stock
// API-token page, OAuth confirmation for two external services, admin password changes.
import { join } from 'node:path';
import { freshState, startProcess, runCommand, sleep } from '../lib/harness.mjs';

const HOST = 'hub.datalab-research.org';
const PORT = 47103;
const BASE = `https://${HOST}`;
const py = (ctx) => join(ctx.out, 'venv', 'jhub', 'bin', 'python');

function authorize(clientId, redirect) {
  const q = new URLSearchParams({ client_id: clientId, redirect_uri: redirect, response_type: 'code', state: Math.random().toString(36).slice(2) });
  return `${BASE}/hub/api/oauth2/authorize?${q}`;
}

export default {
  id: 'jupyterhub',
  hosts: { [HOST]: PORT },
  callbackHosts: ['grader.datalab-research.org', 'sync.datalab-research.org'],

  async start(ctx) {
    this.state = freshState(ctx.stateRoot, 'jupyterhub');
    const bin = join(ctx.out, 'venv', 'jhub', 'bin');
    return [await startProcess({
      name: 'jupyterhub', cmd: join(bin, 'jupyterhub'), args: ['-f', join(ctx.root, 'tests', 'apps', 'jupyterhub', 'jupyterhub_config.py')],
      cwd: this.state,
      env: { EVAL_APP_STATE: this.state, EVAL_CHP: join(ctx.out, 'node', 'node_modules', '.bin', 'configurable-http-proxy'), PATH: `${bin}:${process.env.PATH}` },
      port: PORT, host: HOST, ready: '/hub/login', logDir: ctx.logDir,
    })];
  },

  async versions(ctx) {
    const out = await runCommand(py(ctx), ['-c', 'import importlib.metadata as m; print(m.version("jupyterhub"), m.version("jupyterhub-nativeauthenticator"))']);
    const [hub, native] = out.trim().split(' ');
    const chp = JSON.parse((await import('node:fs')).readFileSync(join(ctx.out, 'node', 'node_modules', 'configurable-http-proxy', 'package.json'), 'utf8')).version;
    return { jupyterhub: hub, 'jupyterhub-nativeauthenticator': native, 'configurable-http-proxy': chp };
  },

  async flows(s, ctx) {
    const pw = ctx.password;
    const page = await s.newPage();
    const signup = async (user) => {
      await s.go(page, `${BASE}/hub/signup`);
      await page.fill('input[name=username]', user);
      await page.fill('input[name=signup_password]', pw);
      const confirm = page.locator('input[name=signup_password_confirmation]');
      if (await confirm.count()) await confirm.fill(pw);
      await Promise.all([page.waitForNavigation(), page.locator('form [type=submit]').first().click()]);
    };
    await s.visit(page, 'jh-signup', `${BASE}/hub/signup`);
    for (const u of ['hubadmin', 'analyst1', 'new-analyst']) await signup(u);
    await s.visit(page, 'jh-login', `${BASE}/hub/login`);
    await page.fill('input[name=username]', 'hubadmin');
    await page.fill('input[name=password]', pw);
    await s.after(page, 'jh-home', () => page.locator('form [type=submit]').first().click());
    await s.visit(page, 'jh-authorize-users', `${BASE}/hub/authorize`);
    await s.go(page, `${BASE}/hub/authorize/analyst1`);
    await s.visit(page, 'jh-token', `${BASE}/hub/token`);
    await page.fill('#token-note', 'laptop sync');
    await page.locator('#request-token-form [type=submit], #request-token-form button').first().click();
    await page.waitForSelector('#token-result', { state: 'visible' });
    await s.here(page, 'jh-token-created');
    await s.visit(page, 'jh-change-password', `${BASE}/hub/change-password`);
    await s.visit(page, 'jh-change-password-other', `${BASE}/hub/change-password/analyst1`);
    await s.visit(page, 'jh-admin', `${BASE}/hub/admin`);
    await sleep(500);
    await s.visit(page, 'jh-oauth-identify', authorize('service-course-grader', 'https://grader.datalab-research.org/oauth_callback'));
    await s.visit(page, 'jh-oauth-servers', authorize('service-notebook-sync', 'https://sync.datalab-research.org/oauth_callback'));
    await page.close();
  },
};
