// The Kestrel staff wiki on Debian's MediaWiki (with OATHAuth): sign-in, password reset by
// e-mailed temporary password, preferences, e-mail change, two-factor enrolment, bot passwords,
// token reset, and an administrator's user rights and two-factor removal for another user.
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { freshState, startProcess, sleep } from '../lib/harness.mjs';

const HOST = 'wiki.kestrel-outdoor.com';
const PORT = 47107;
const BASE = `https://${HOST}`;
const W = (title) => `${BASE}/index.php?title=${title}`;

export default {
  id: 'mediawiki',
  hosts: { [HOST]: PORT },

  async start(ctx) {
    this.state = freshState(ctx.stateRoot, 'mediawiki');
    const mailLog = join(this.state, 'mail.log');
    return [await startProcess({
      name: 'mediawiki', cmd: 'php', args: ['-d', `sendmail_path=${join(ctx.root, 'tests', 'apps', 'mediawiki', 'sendmail.sh')}`, '-S', `127.0.0.1:${PORT}`, '-t', '/usr/share/mediawiki'],
      cwd: '/usr/share/mediawiki', env: { MW_CONFIG_FILE: join(this.state, 'LocalSettings.php'), PHP_CLI_SERVER_WORKERS: '4', EVAL_MAIL_LOG: mailLog },
      port: PORT, host: HOST, ready: '/index.php?title=Main_Page', logDir: ctx.logDir,
    })];
  },

  async versions() {
    const v = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'mediawiki'], { encoding: 'utf8' });
    const php = execFileSync('php', ['-r', 'echo PHP_VERSION;'], { encoding: 'utf8' });
    return { mediawiki: `${v} (Debian)`, php };
  },

  async flows(s, ctx) {
    const pw = ctx.password;
    const mailLog = join(this.state, 'mail.log');
    const page = await s.newPage();
    const login = async (user, password) => {
      await page.fill('#wpName1', user);
      await page.fill('#wpPassword1', password);
      await Promise.all([page.waitForNavigation(), page.click('#wpLoginAttempt')]);
    };

    await s.visit(page, 'kw-main', W('Main_Page'));
    await s.visit(page, 'kw-help-2fa', W('Help:Two-factor_authentication'));
    await s.visit(page, 'kw-login', W('Special:UserLogin'));
    await s.visit(page, 'kw-create-account', W('Special:CreateAccount'));

    // Password reset: MediaWiki mails a temporary password; signing in with it asks for a new one.
    await s.visit(page, 'kw-reset-request', W('Special:PasswordReset'));
    const before = existsSync(mailLog) ? readFileSync(mailLog, 'utf8').length : 0;
    await page.fill('input[name=wpUsername]', 'Hannah.Berg');
    await s.after(page, 'kw-reset-sent', () => page.locator('#mw-content-text form button[type=submit], #mw-content-text form input[type=submit]').first().click());
    let temp = null;
    for (let i = 0; i < 50 && !temp; i += 1) {
      const text = existsSync(mailLog) ? readFileSync(mailLog, 'utf8').slice(before) : '';
      const m = text.match(/Temporary password:\s*\n\s*(\S+)/);
      if (m) temp = m[1]; else await sleep(200);
    }
    if (!temp) throw new Error('no temporary password in the mail log');
    await s.go(page, W('Special:UserLogin'));
    await page.fill('#wpName1', 'Hannah.Berg');
    await page.fill('#wpPassword1', temp);
    await s.after(page, 'kw-reset-temp-set', () => page.click('#wpLoginAttempt'));
    await page.fill('#mw-input-wpPassword', pw);
    await page.fill('#mw-input-retype', pw);
    await Promise.all([page.waitForNavigation(), page.locator('button', { hasText: 'Continue login' }).click()]);

    // Signed in as an ordinary user.
    await s.visit(page, 'kw-preferences', W('Special:Preferences'));
    await s.visit(page, 'kw-change-email', W('Special:ChangeEmail'));
    await s.visit(page, 'kw-change-password', W('Special:ChangePassword'));
    await s.visit(page, 'kw-oath-manage', W('Special:OATHManage'));
    await s.visit(page, 'kw-oath-enable', `${W('Special:OATHManage')}&action=enable&module=totp`);
    await s.visit(page, 'kw-botpassword-create', W('Special:BotPasswords/stock-sync'));
    await page.check('input[name="wpgrants[]"][value=grant-editpage]');
    await s.after(page, 'kw-botpassword-created', () => page.locator('#mw-content-text form button[type=submit], #mw-content-text form input[type=submit]').first().click());
    await s.visit(page, 'kw-reset-tokens', W('Special:ResetTokens'));
    await s.go(page, W('Special:UserLogout'));
    const logout = page.locator('#mw-content-text form button[type=submit], #mw-content-text form input[type=submit]');
    if (await logout.count()) await Promise.all([page.waitForNavigation(), logout.first().click()]);

    // An administrator: user rights and removing another user's two-factor authentication.
    await s.go(page, W('Special:UserLogin'));
    await login('WikiAdmin', pw);
    await s.visit(page, 'kw-listusers', W('Special:ListUsers'));
    await s.visit(page, 'kw-userrights', W('Special:UserRights/Hannah.Berg'));
    await s.visit(page, 'kw-disable-2fa-other', W('Special:DisableOATHForUser'));
    await s.visit(page, 'kw-version', W('Special:Version'));
    await page.close();
  },
};
