// Messages into the worker (ARCHITECTURE.md, "The protocol", lists them all). Who may say what:
//   - extension pages (the in-page frame, popup, options page, block page) speak the UI and page
//     messages;
//   - content scripts speak only `glance`, `observation` and `tamper`, and everything about where
//     they run comes from `sender` (the browser), never from the message.
// Neither may use the other's messages; anything else is refused and counted.

import { handlePage } from './pages.js';
import { countInvalid, refuse, unavailableAnswer } from './state.js';
import { handleUi } from './ui-sessions.js';
import { fromContent } from './verdicts.js';

const UI_TYPES = new Set(['ui:get', 'ui:resize', 'ui:dismiss', 'ui:confirm', 'ui:cancel']);
const PAGE_TYPES = new Set(['popup:get', 'popup:mistake', 'options:get', 'options:set', 'block:get', 'block:exception']);
const CONTENT_TYPES = new Set(['glance', 'observation', 'tamper']);

const EXTENSION_ORIGIN = new URL(chrome.runtime.getURL('/')).origin;
function fromExtensionPage(sender) {
  return typeof sender.url === 'string' && sender.url.startsWith(`${EXTENSION_ORIGIN}/`);
}

/** chrome.runtime.onMessage: answers through `sendResponse`; true when the answer is async. */
export function onMessage(msg, sender, sendResponse) {
  const reply = (p) => p.then(sendResponse, (e) => { sendResponse(unavailableAnswer(e)); });
  if (sender.id !== chrome.runtime.id || !msg || typeof msg !== 'object' || typeof msg.type !== 'string') {
    countInvalid('foreign sender or malformed message').catch(() => {});
    sendResponse(refuse('', 'message rejected'));
    return false;
  }
  if (fromExtensionPage(sender)) {
    if (UI_TYPES.has(msg.type)) { reply(handleUi(msg, sender)); return true; }
    if (PAGE_TYPES.has(msg.type)) { reply(handlePage(msg, sender)); return true; }
  } else if (CONTENT_TYPES.has(msg.type)) {
    reply(fromContent(msg, sender));
    return true;
  }
  countInvalid(`unknown message type from ${fromExtensionPage(sender) ? 'extension page' : 'content script'}`).catch(() => {});
  sendResponse(refuse('type', 'message rejected: unknown message type'));
  return false;
}
