// The toolbar popup: the current tab's verdict in plain words, every reason with its references,
// what the click would grant, the last few events in this browser (kinds and sites, no page text),
// and a "this is a mistake" report kept on this device (sent only where policy configures it).
import { t, localize, el, bdi, send, splitReasons, flowName } from './i18n.js';

localize();
const root = document.getElementById('root');

async function currentTab() {
  // Tests and the options page may name the tab: popup.html?tab=ID.
  const id = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(id) && id >= 0) return id;
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab ? tab.id : -1;
}

function reasonItems(reasons) {
  return el('ul', {}, ...reasons.map((r) => el('li', {},
    document.createTextNode(r.message),
    r.refs.length ? el('span', { class: 'refs', text: `${t('popupRefs')} ${r.refs.join(' · ')}` }) : null)));
}

function hostOf(url) {
  try { return new URL(url).host; } catch { return ''; }
}

function mistakeForm(tabId, info) {
  const note = el('textarea', { id: 'note', maxlength: 500, 'aria-label': t('popupMistakeNote'), placeholder: t('popupMistakeNote') });
  const button = el('button', { type: 'button', text: t('popupMistake') });
  const status = el('p', { class: 'muted', role: 'status' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    const r = await send({ type: 'popup:mistake', tabId, note: note.value });
    status.textContent = r.ok ? t(info.reporting ? 'popupMistakeSent' : 'popupMistakeStored') : r.errors.map((e) => e.message).join('; ');
    if (!r.ok) button.disabled = false;
  });
  return el('section', {}, note, el('div', { class: 'actions' }, button), status);
}

(async () => {
  const tabId = await currentTab();
  const r = await send({ type: 'popup:get', tabId });
  if (!r.ok) { root.replaceChildren(el('p', { text: r.errors.map((e) => e.message).join('; ') })); return; }
  const info = r.value;
  document.getElementById('versions').textContent = `v${info.versions.extension} · engine ${info.versions.engine}`;
  const v = info.verdict;
  const badge = document.getElementById('badge');
  const parts = [];
  if (!v) {
    parts.push(el('p', { text: t('popupNotRead') }));
  } else {
    badge.textContent = t(`action_${v.action}`);
    badge.className = `badge a-${v.action}`;
    const host = hostOf(info.url);
    if (host) parts.push(el('p', { class: 'muted' }, bdi(host)));
    if (v.flow === 'none') {
      parts.push(el('p', { text: t('popupAllow') }));
      if (v.reasons.length) parts.push(reasonItems(v.reasons));
    } else {
      const { grants, why } = splitReasons(v);
      parts.push(el('h2', { text: t(`summary_${v.action}`, [flowName(v.flow)]) }));
      if (info.monitor) parts.push(el('p', { class: 'muted', text: t('popupMonitor') }));
      parts.push(el('h3', { text: t('grantsHeading') }), reasonItems(grants));
      if (why.length) parts.push(el('h3', { text: t('whyHeading') }), reasonItems(why));
      if (info.help_desk) parts.push(el('p', { text: t('insteadHelpDesk', [info.help_desk]) }));
    }
    if (info.may_report) parts.push(mistakeForm(tabId, info));
  }
  root.replaceChildren(...parts);
  const list = document.getElementById('events');
  if (!info.events.length) list.replaceChildren(el('li', { class: 'muted', text: t('popupNoEvents') }));
  else list.replaceChildren(...info.events.map((e) => el('li', {},
    document.createTextNode(`${new Date(e.at).toLocaleTimeString()} · ${t(`event_${e.kind}`)}${e.mode === 'monitor' ? ` (${t('monitorShort')})` : ''} · ${flowName(e.flow)} · `), bdi(hostOf(e.origin)))));
})();
