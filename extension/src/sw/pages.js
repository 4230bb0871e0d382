// The extension's own pages: the popup (this tab's verdict, recent events, "this is a mistake"),
// the options page (the user's settings, the managed policy's state) and the block page.

import { checkUserSettings, engine, engineVersion, resetEngine } from './engine.js';
import { logEvent, recentLog } from './events.js';
import { refuse } from './state.js';
import { blockRecord, permissions } from './ui-sessions.js';
import { tabUrl, tabVerdict } from './verdicts.js';

/** A message from the popup, options or block page (ARCHITECTURE.md, "The protocol"). */
export async function handlePage(msg, sender) {
  switch (msg.type) {
    case 'popup:get': {
      const tabId = msg.tabId;
      if (typeof tabId !== 'number') return refuse('tabId', 'expected a tab id');
      const [verdict, url, events, { settings }] = await Promise.all([tabVerdict(tabId), tabUrl(tabId), recentLog(8), engine()]);
      const p = permissions(settings);
      return {
        ok: true,
        value: {
          verdict,
          url,
          events,
          monitor: settings.mode === 'monitor',
          help_desk: p.help_desk,
          may_report: p.may_report,
          reporting: !!settings.reporting,
          versions: { extension: chrome.runtime.getManifest().version, engine: engineVersion() },
        },
      };
    }
    case 'popup:mistake': {
      const tabId = msg.tabId;
      if (typeof tabId !== 'number') return refuse('tabId', 'expected a tab id');
      const tab = await chrome.tabs.get(tabId).catch(() => null);
      const [verdict, url, { settings }] = await Promise.all([tabVerdict(tabId), tabUrl(tabId), engine()]);
      const note = typeof msg.note === 'string' ? msg.note.slice(0, 500) : '';
      if (!permissions(settings).may_report) return refuse('type', 'your organisation does not take mistake reports here');
      const event = await logEvent('mistake_reported', verdict, url, tab, { note });
      return { ok: true, value: { id: event.id, stored: tab && tab.incognito ? 'memory' : 'local' } };
    }
    case 'options:get': {
      const { settings, sources } = await engine();
      return {
        ok: true,
        value: {
          managed: sources.managed,
          managedFrom: sources.from,
          managedKeys: settings.managed_keys,
          managedErrors: settings.managed_errors,
          version: settings.version,
          settings: sources.settings,
          settingsErrors: settings.settings_errors,
          locked: settings.locked,
          notApplied: settings.not_applied,
          userKeys: settings.user_keys,
          userValues: settings.user_values,
          // What is in force, as the user's pages act on it (reporting headers may hold a secret).
          effective: { mode: settings.mode, reporting: !!settings.reporting, ...permissions(settings) },
        },
      };
    }
    case 'options:set': {
      const next = msg.settings;
      if (!next || typeof next !== 'object' || Array.isArray(next)) return refuse('settings', 'expected an object');
      const check = await checkUserSettings(next);
      if (!check.ok) return check;
      const { settings } = await engine();
      const lockedHit = Object.keys(next).filter((k) => settings.locked.includes(k));
      if (lockedHit.length) return { ok: false, errors: lockedHit.map((k) => ({ path: `settings.${k}`, message: 'set by your organisation; you cannot change it' })) };
      await chrome.storage.local.set({ settings: next });
      // The next page must not meet the old policy; storage.onChanged then has open pages read again.
      resetEngine();
      return { ok: true, value: null };
    }
    case 'block:get': {
      const id = msg.id;
      if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) return refuse('id', 'expected a block id');
      const b = await blockRecord(id);
      if (!b) return refuse('id', 'this block has expired');
      const { settings } = await engine();
      const p = permissions(settings);
      return { ok: true, value: { ...b, help_desk: p.help_desk, may_request: p.may_request, reporting: !!settings.reporting } };
    }
    case 'block:exception': {
      const b = await blockRecord(msg.id);
      if (!b) return refuse('id', 'this block has expired');
      const note = typeof msg.note === 'string' ? msg.note.slice(0, 500) : '';
      const { settings } = await engine();
      if (!permissions(settings).may_request) return refuse('type', 'your organisation does not take exception requests here');
      const event = await logEvent('exception_requested', b.verdict, `${b.origin}${b.path}`, sender.tab, { note });
      return { ok: true, value: { id: event.id } };
    }
    default:
      return refuse('type', 'unknown message');
  }
}
