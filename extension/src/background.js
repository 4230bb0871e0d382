// Lastgate service worker: the only place the engine runs in the browser, and the broker between
// the page's content script and the extension's own UI pages. This file only registers listeners;
// the work is in sw/ (ARCHITECTURE.md has the map, the protocol and a glossary):
//
//   state.js        bookkeeping every layer shares (imports nothing)
//   engine.js       wasm, the policy (managed, last known, user settings), engine lifetime
//   report.js       the reporting queue to the organisation's collector
//   events.js       what the user saw and did: the local log and the reporting queue
//   ui-sessions.js  banners and interstitials in the page, the block page
//   verdicts.js     a look at a page → verdict, the tab's worst frame, badge, what to show
//   pages.js        popup, options and block page messages
//   injection.js    getting into pages, the pull protocol
//   inbound.js      the message router: who may send what
// Each imports only files above it in this list (`node scripts/import-graph.mjs` checks).
//
// Why the engine runs here and not in the content script: a page's CSP (`script-src 'self'`) blocks
// wasm compilation in the content script's isolated world, while the extension's own CSP allows it.
//
// Service-worker rules: listeners are registered synchronously at top level; nothing awaits at top
// level; the worker may be stopped after ~30 s idle, so per-tab state lives in
// chrome.storage.session (memory only), never only in globals.

import { engine, onEngineBuilt, onPolicyChanged, policyChanged } from './sw/engine.js';
import { resumeReporting, startReporting } from './sw/events.js';
import { onMessage } from './sw/inbound.js';
import { committed, completed, injectOpenTabs, reassessOpenTabs } from './sw/injection.js';
import { ALARM } from './sw/report.js';
import { forgetQueue } from './sw/state.js';
import { forgetTab } from './sw/verdicts.js';

const HTTP = [{ schemes: ['http', 'https'] }];

onEngineBuilt(startReporting);
onPolicyChanged(reassessOpenTabs);
// Open options pages show the policy as it is now: tell them it changed (none open: no receiver).
onPolicyChanged(() => { chrome.runtime.sendMessage({ type: 'policy:changed' }).catch(() => {}); });

chrome.runtime.onMessage.addListener(onMessage);

// A committed navigation is the one event the worker acts on before load (injection.committed),
// and it leaves the page alone: every extension event is work in the browser and the worker while
// the page loads, on the same cores (scripts/bench/load-ab.mjs).
chrome.webNavigation.onCommitted.addListener(committed, { url: HTTP });
chrome.webNavigation.onCompleted.addListener(completed, { url: HTTP });

chrome.runtime.onInstalled.addListener(() => { injectOpenTabs(); });

// A changed policy or user setting applies at once: the engine is rebuilt and every open page is
// read again and answered.
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'managed') policyChanged({ managed: true });
  else if (area === 'local' && changes.settings) policyChanged();
});

chrome.tabs.onRemoved.addListener((tabId) => {
  forgetQueue(tabId);
  forgetTab(tabId).catch(() => {});
});

chrome.alarms.onAlarm.addListener((a) => {
  if (a.name === ALARM) resumeReporting().catch(() => {});
});

// Warm the engine on start-up so the first page does not wait for compilation (and so reporting
// resumes sending what was queued before the worker stopped).
engine().catch((e) => console.error('Lastgate: engine failed to load', e));
