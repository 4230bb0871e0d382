// DataLab's support tracker on Roundup (classic template): the issue list, tickets that discuss an
// MFA reset and a CI token (pages about flows, not flows), registration and the forgotten-password
// request page.
import { join } from 'node:path';
import { freshState, startProcess, runCommand } from '../lib/harness.mjs';

const HOST = 'tracker.datalab-research.org';
const PORT = 47108;
const BASE = `https://${HOST}/support`;
const bin = (ctx) => join(ctx.out, 'venv', 'roundup', 'bin');

export default {
  id: 'roundup',
  hosts: { [HOST]: PORT },

  async start(ctx) {
    this.state = freshState(ctx.stateRoot, 'roundup');
    return [await startProcess({
      name: 'roundup', cmd: join(bin(ctx), 'python'), args: [join(ctx.root, 'tests', 'apps', 'roundup', 'serve.py'), this.state, String(PORT)],
      cwd: this.state, env: { PYTHONUNBUFFERED: '1' }, port: PORT, host: HOST, ready: '/support/', logDir: ctx.logDir,
    })];
  },

  async versions(ctx) {
    const out = await runCommand(join(bin(ctx), 'python'), ['-c', 'import importlib.metadata as m; print(m.version("roundup"))']);
    return { roundup: out.trim() };
  },

  async flows(s) {
    const page = await s.newPage();
    await s.visit(page, 'dl-home', `${BASE}/`);
    await s.visit(page, 'dl-issue-mfa', `${BASE}/issue1`);
    await s.visit(page, 'dl-issue-token', `${BASE}/issue2`);
    await s.visit(page, 'dl-register', `${BASE}/user?@template=register`);
    await s.visit(page, 'dl-forgotten', `${BASE}/user?@template=forgotten`);
    await page.close();
  },
};
