// The block page. The tab was sent here by the service worker (an extension page, not something
// drawn inside the page, so the page cannot hide or restyle it). It says why and whom to contact,
// and lets the user ask for an exception (an event for the organisation; nothing is unblocked here).
import { t, localize, el, bdi, send, splitReasons, flowName } from './i18n.js';

localize();
const root = document.getElementById('root');
const id = location.hash.slice(1);

(async () => {
  const r = await send({ type: 'block:get', id });
  if (!r.ok) { root.replaceChildren(el('h1', { text: t('blockTitle') }), el('p', { text: t('sessionExpired') })); return; }
  const b = r.value;
  const tamper = String(b.cause || '').startsWith('tamper');
  const v = b.verdict;
  const { grants, why } = splitReasons(v);
  const note = el('textarea', { id: 'note', maxlength: 500, 'aria-label': t('blockExceptionNote'), placeholder: t('blockExceptionNote') });
  const ask = el('button', { type: 'button', text: t('blockException') });
  const close = el('button', { type: 'button', class: 'primary', text: t('blockClose') });
  const status = el('p', { role: 'status', class: 'muted' });
  ask.addEventListener('click', async () => {
    ask.disabled = true;
    const x = await send({ type: 'block:exception', id, note: note.value });
    status.textContent = x.ok ? t(b.reporting ? 'blockExceptionSent' : 'blockExceptionStored') : x.errors.map((e) => e.message).join('; ');
  });
  close.addEventListener('click', async () => {
    const tab = await chrome.tabs.getCurrent();
    if (tab) chrome.tabs.remove(tab.id);
  });
  const site = el('p', {}, document.createTextNode(`${t('blockSite')} `), el('span', { class: 'site' }, bdi(`${b.origin}${b.path}`)));
  root.replaceChildren(
    el('h1', { text: tamper ? t('tamperTitle') : t('blockTitle') }),
    site,
    el('p', { text: tamper ? t('tamperBody') : t('blockBody', [flowName(v ? v.flow : 'none')]) }),
    grants.length ? el('section', {}, el('h2', { text: t('grantsHeading') }), el('ul', {}, ...grants.map((x) => el('li', { text: x.message })))) : null,
    why.length ? el('section', {}, el('h2', { text: t('whyHeading') }), el('ul', {}, ...why.map((x) => el('li', { text: x.message })))) : null,
    el('h2', { text: t('blockContact') }),
    el('p', { text: b.help_desk || t('blockNoContact') }),
    b.may_request ? el('section', {}, note, status) : null,
    el('div', { class: 'actions' }, b.may_request ? ask : null, close),
  );
  close.focus();
})();
