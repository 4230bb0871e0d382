// Bluefin Logistics' project tracker on Debian's Redmine 5 (Rails, SQLite): lost password,
// "My account" API access key, two-factor activation (confirmed by e-mail), and an administrator
// editing other users, with sudo mode (re-enter your password) before the change is saved.
import { existsSync, lstatSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { freshState, startProcess, sleep, totp } from '../lib/harness.mjs';

const HOST = 'projects.bluefin-logistics.com';
const PORT = 47109;
const BASE = `https://${HOST}`;
const INSTANCE = 'lastgate-eval';
const WEBMAIL = 'https://outlook.office.com/mail/inbox/id/AAMkADk3';

/** Points Redmine's Debian instance directory /var/lib/redmine/NAME at `dir` (Redmine.root for that instance). */
export function linkInstance(name, dir) {
  const link = `/var/lib/redmine/${name}`;
  let ok = false;
  try { ok = lstatSync(link).isSymbolicLink() && readlinkSync(link) === dir; } catch { /* no link yet */ }
  if (!ok) {
    rmSync(link, { force: true });
    symlinkSync(dir, link);
  }
}

/** The instance's database and mail settings, written into its config/ (paths are the copy's own). */
export function configureInstance(dir) {
  mkdirSync(join(dir, 'config'), { recursive: true });
  for (const d of ['tmp', 'log', 'files', 'public', 'db', 'mail']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'config', 'database.yml'), `production:\n  adapter: sqlite3\n  database: ${join(dir, 'db', 'redmine.sqlite3')}\n`);
  writeFileSync(join(dir, 'config', 'configuration.yml'),
    `production:\n  email_delivery:\n    delivery_method: :file\n    file_settings:\n      location: ${join(dir, 'mail')}\n  sudo_mode: true\n  sudo_mode_timeout: 1\n`);
}

/** Waits for a mail to `to` whose text matches `re` (Redmine's :file delivery: one file per recipient). */
async function mailMatch(dir, to, re, seen) {
  const file = join(dir, to);
  for (let i = 0; i < 75; i += 1) {
    if (existsSync(file)) {
      const text = readFileSync(file, 'utf8').slice(seen[to] || 0); // 7bit text parts
      const m = text.match(re);
      if (m) { seen[to] = (seen[to] || 0) + text.indexOf(m[0]) + m[0].length; return m; }
    }
    await sleep(200);
  }
  throw new Error(`no mail to ${to} matching ${re}`);
}

export default {
  id: 'redmine',
  hosts: { [HOST]: PORT },

  async start(ctx) {
    this.state = freshState(ctx.stateRoot, 'redmine');
    configureInstance(this.state);
    linkInstance(INSTANCE, this.state);
    return [await startProcess({
      // Debian's Redmine bundle has no application server; Debian's ruby-webrick is loaded by hand.
      name: 'redmine', cmd: 'ruby', args: ['-rwebrick', 'bin/rails', 'server', '-u', 'webrick', '-e', 'production', '-b', '127.0.0.1', '-p', String(PORT), '-P', join(this.state, 'tmp', 'server.pid')],
      cwd: '/usr/share/redmine', env: { REDMINE_INSTANCE: INSTANCE, RAILS_ENV: 'production', RAILS_SERVE_STATIC_FILES: '1' },
      port: PORT, host: HOST, ready: '/login', logDir: ctx.logDir, timeoutMs: 180000,
    })];
  },

  async versions() {
    const v = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'redmine'], { encoding: 'utf8' });
    return { redmine: `${v} (Debian)` };
  },

  async flows(s, ctx) {
    const pw = ctx.password;
    const mail = join(this.state, 'mail');
    const seen = {};
    const page = await s.newPage();
    const signIn = async (user) => {
      await s.go(page, `${BASE}/login`);
      await page.fill('#username', user);
      await page.fill('#password', pw);
      await Promise.all([page.waitForNavigation(), page.click('#login-submit')]);
    };
    const signOut = async () => {
      await Promise.all([page.waitForNavigation(), page.locator('a.logout').click()]);
    };

    await s.visit(page, 'rd-home', `${BASE}/`);
    await s.visit(page, 'rd-login', `${BASE}/login`);
    await s.visit(page, 'rd-lost-password', `${BASE}/account/lost_password`);
    await page.fill('#mail', 'kenji.watanabe@bluefin-logistics.com');
    await Promise.all([page.waitForNavigation(), page.locator('#content input[type=submit]').click()]);
    const [link] = await mailMatch(mail, 'kenji.watanabe@bluefin-logistics.com', /https:\/\/projects\.bluefin-logistics\.com\/account\/lost_password\?token=\w+/, seen);
    await s.visit(page, 'rd-lost-password-set', link, { referrer: WEBMAIL });
    await page.fill('#new_password', pw);
    await page.fill('#new_password_confirmation', pw);
    await s.after(page, 'rd-lost-password-done', () => page.locator('#content input[type=submit]').click());

    // An ordinary developer: API access key, two-factor authentication with backup codes.
    await signIn('kenji.watanabe');
    await s.visit(page, 'rd-my-page', `${BASE}/my/page`);
    await s.visit(page, 'rd-issue', `${BASE}/issues/1`);
    await s.visit(page, 'rd-api-key', `${BASE}/my/api_key`);
    await s.visit(page, 'rd-password', `${BASE}/my/password`);
    await s.visit(page, 'rd-twofa-select', `${BASE}/my/twofa/select_scheme`);
    // With sudo mode fresh from sign-in, Redmine opens the activation page at once (else it mails a link).
    await s.after(page, 'rd-twofa-activate', () => page.locator('#content input[type=submit], #content button[type=submit]').first().click());
    const key = (await page.locator('#content code').first().innerText()).trim();
    await page.fill('input[name=twofa_code]', await totp(key));
    await Promise.all([page.waitForNavigation(), page.locator('#content input[type=submit]').first().click()]);
    await signOut();

    // An administrator: users, editing another user's account (password, admin flag), sudo mode.
    await signIn('admin');
    const signedIn = Date.now();
    await s.visit(page, 'rd-admin', `${BASE}/admin`);
    await s.visit(page, 'rd-users', `${BASE}/users`);
    const idOf = async (login) => (await page.locator('table.users a', { hasText: login }).first().getAttribute('href')).match(/\/users\/(\d+)/)[1];
    const kenji = await idOf('kenji.watanabe');
    const deploy = await idOf('deploy.admin');
    await s.visit(page, 'rd-user-edit', `${BASE}/users/${kenji}/edit`);
    await s.visit(page, 'rd-user-edit-admin', `${BASE}/users/${deploy}/edit`);
    await page.fill('#user_password', `${pw}-new`);
    await page.fill('#user_password_confirmation', `${pw}-new`);
    // Sign-in starts sudo mode for sudo_mode_timeout (1 minute, the shortest Redmine allows); once it
    // has lapsed, saving another user's account asks the administrator for their password again.
    await sleep(Math.max(0, signedIn + 65000 - Date.now()));
    await s.after(page, 'rd-sudo', () => page.locator('#content input[type=submit][name=commit], #content input[type=submit]').first().click());
    await page.close();
  },
};
