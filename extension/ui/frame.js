// The in-page banner and the confirm interstitial. This page is an extension page inside a closed
// shadow root of the page: cross-origin to it, so the page can neither read nor click nor script
// it. It listens to no postMessage at all; it talks only to the service worker, which checks that
// the message comes from this tab and knows the session named by the nonce in our URL (read once,
// at load). Buttons act only on trusted (user) events.
import { t, localize, el, bdi, send, splitReasons, flowName } from './i18n.js';

const nonce = location.hash.slice(1);
const root = document.getElementById('root');
const PAUSE_S = 3; // the deliberate pause before "Continue" can be used

localize();

function reasonList(reasons) {
  return el('ul', {}, ...reasons.map((r) => el('li', { text: r.message })));
}

function insteadList(info) {
  return el('ul', {},
    el('li', { text: t('insteadOpen') }),
    el('li', {}, info.help_desk ? document.createTextNode(t('insteadHelpDesk', [info.help_desk])) : document.createTextNode(t('insteadAsk'))));
}

function trusted(fn) {
  return (e) => { if (e.isTrusted) fn(e); };
}

function reportHeight() {
  send({ type: 'ui:resize', nonce, height: document.documentElement.scrollHeight });
}

function banner(info) {
  const { grants, why } = splitReasons(info.verdict);
  const dismiss = info.may_dismiss ? el('button', { type: 'button', text: t('dismiss') }) : null;
  if (dismiss) dismiss.addEventListener('click', trusted(() => send({ type: 'ui:dismiss', nonce })));
  const box = el('div', { class: 'banner appear', role: 'alert', 'aria-labelledby': 'lg-title' },
    el('div', { class: 'body' },
      el('h1', { id: 'lg-title', text: t('bannerTitle', [flowName(info.verdict.flow)]) }),
      el('div', { class: 'cols' },
        el('section', {}, el('h2', { text: t('grantsHeading') }), reasonList(grants)),
        why.length ? el('section', {}, el('h2', { text: t('whyHeading') }), reasonList(why)) : null,
        el('section', {}, el('h2', { text: t('insteadHeading') }), insteadList(info)))),
    dismiss);
  root.replaceChildren(box);
  reportHeight();
  new ResizeObserver(reportHeight).observe(document.documentElement);
}

function stopCard(info, coached) {
  const close = el('button', { type: 'button', class: 'primary', text: t('stopClose') });
  let left = false;
  close.addEventListener('click', trusted(() => { if (!left) { left = true; send({ type: 'ui:cancel', nonce }); } }));
  const card = el('div', { class: 'card stop appear', role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'lg-stop', 'aria-describedby': 'lg-stop-body' },
    el('h1', { id: 'lg-stop', text: t('stopTitle') }),
    el('p', { id: 'lg-stop-body', text: t(coached ? 'stopCoached' : 'stopPolicy') }),
    el('p', { text: info.help_desk ? t('insteadHelpDesk', [info.help_desk]) : t('insteadAsk') }),
    el('div', { class: 'actions' }, close));
  root.replaceChildren(el('div', { class: 'overlay' }, card));
  close.focus();
}

function confirmCard(info) {
  if (!info.may_proceed) { stopCard(info, false); return; }
  const { grants, why } = splitReasons(info.verdict);
  const q = (name, key) => el('fieldset', {},
    el('legend', { text: t(key) }),
    el('label', { class: 'choice' }, el('input', { type: 'radio', name, value: 'yes' }), document.createTextNode(t('yes'))),
    el('label', { class: 'choice' }, el('input', { type: 'radio', name, value: 'no' }), document.createTextNode(t('no'))));
  const typed = el('input', { type: 'text', id: 'lg-typed', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'lg-typed-hint' });
  const hint = el('p', { id: 'lg-typed-hint', class: 'muted' });
  hint.append(document.createTextNode(t('typeToContinue')), document.createTextNode(' '), el('span', { class: 'site' }, bdi(info.host)));
  const cancel = el('button', { type: 'button', class: 'primary', text: t('cancel') });
  const proceed = el('button', { type: 'submit', disabled: true });
  const form = el('form', { novalidate: true },
    q('started', 'qStarted'), q('asking', 'qAsking'),
    el('label', { for: 'lg-typed', text: t('typeLabel') }), el('div', { class: 'typed' }, typed), hint,
    el('div', { class: 'actions' }, cancel, proceed));
  const card = el('div', { class: 'card appear', role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'lg-c-title', 'aria-describedby': 'lg-c-what' },
    el('h1', { id: 'lg-c-title', text: t('confirmTitle', [flowName(info.verdict.flow)]) }),
    el('section', { id: 'lg-c-what' }, el('h2', { text: t('grantsHeading') }), reasonList(grants)),
    why.length ? el('section', {}, el('h2', { text: t('whyHeading') }), reasonList(why)) : null,
    form);
  root.replaceChildren(el('div', { class: 'overlay' }, card));

  const started = Date.now();
  const answer = (name) => { const r = form.querySelector(`input[name=${name}]:checked`); return r ? r.value : ''; };
  const update = () => {
    const left = Math.max(0, PAUSE_S - Math.floor((Date.now() - started) / 1000));
    const ready = left === 0 && answer('started') && answer('asking') && typed.value.trim().toLowerCase() === info.host.toLowerCase();
    proceed.disabled = !ready;
    proceed.textContent = left ? t('continueIn', [String(left)]) : t('continue');
  };
  const tick = setInterval(update, 250);
  form.addEventListener('input', update);
  update();
  // Leaving is asked for once: a double click or a held Escape must not go back twice.
  let leaving = false;
  const leave = () => {
    if (leaving) return;
    leaving = true;
    clearInterval(tick);
    send({ type: 'ui:cancel', nonce });
  };
  cancel.addEventListener('click', trusted(leave));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!e.isTrusted || proceed.disabled) return;
    clearInterval(tick);
    const answers = { started_here: answer('started') === 'yes', someone_asking: answer('asking') === 'yes' };
    const r = await send({ type: 'ui:confirm', nonce, answers });
    if (r.ok && r.value.stopped) stopCard(info, true);
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && e.isTrusted) leave();
  });
  cancel.focus();
}

// The interstitial keeps the keyboard: Tab and Shift+Tab cycle through its own controls. Without
// this, tabbing past its last control moves focus out of this frame onto the page (whose document
// is inert under the interstitial, but would receive the keys that follow).
function trapFocus() {
  // A page that takes focus away from this frame (blur() on its host element) gets the user's keys
  // until focus is back: take it back at once.
  let last = null;
  document.addEventListener('focusin', (e) => { last = e.target; });
  // (This cannot tell a page's blur() from the browser's own focus changes — a click crossing
  // from the page's process into this frame blurs it for a moment — so it only takes focus back;
  // the content script, which sees the page's document, counts the fights.)
  window.addEventListener('blur', () => setTimeout(() => {
    if (document.hasFocus()) return;
    const to = last && last.isConnected && !last.disabled ? last : root.querySelector('button, input');
    if (to) to.focus();
  }, 0));
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Tab') return;
    const all = [...root.querySelectorAll('button, input, [tabindex]')].filter((x) => !x.disabled && x.getClientRects().length);
    if (!all.length) { e.preventDefault(); return; }
    const first = all[0];
    const last = all[all.length - 1];
    const at = document.activeElement;
    // Radio buttons of one group are a single stop.
    const same = (x, y) => x === y || (x.type === 'radio' && y.type === 'radio' && x.name === y.name);
    if (!root.contains(at) || same(at, e.shiftKey ? first : last)) {
      e.preventDefault();
      (e.shiftKey ? last : first).focus();
    }
  }, true);
}

(async () => {
  const r = await send({ type: 'ui:get', nonce });
  if (!r.ok) { root.replaceChildren(el('p', { text: t('sessionExpired') })); return; }
  if (r.value.view === 'confirm') { trapFocus(); confirmCard(r.value); }
  else banner(r.value);
})();
