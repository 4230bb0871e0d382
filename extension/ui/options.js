// Options: the user's own settings where the managed policy has not set them; locked ones are shown
// as such. The managed policy's state is shown too — including errors, which Chrome cannot show
// for values that pass managed_schema.json but fail Lastgate's own validation. While the managed
// policy is in error, what can be applied of it applies (never less protection than the defaults).
// Everything here is the engine's account of the policy (options:get): this page reads no policy key.
import { t, localize, el, send } from './i18n.js';

localize();
const form = document.getElementById('form');
const status = document.getElementById('status');

function errorList(errors) {
  return el('ul', { class: 'err' }, ...errors.map((e) => el('li', { text: `${e.path || '(policy)'}: ${e.message}` })));
}

async function load() {
  const r = await send({ type: 'options:get' });
  if (!r.ok) { status.textContent = r.errors.map((e) => e.message).join('; '); return; }
  const o = r.value;
  const policy = document.getElementById('policy');
  const managedKeys = o.managedKeys;
  const parts = [el('h2', { text: t('optPolicy') })];
  // The browser had not answered yet when the worker started: the last policy it saw applies.
  if (o.managedFrom === 'cache') parts.push(el('p', { id: 'policy-cached', text: t('optPolicyCached') }));
  if (!managedKeys.length) parts.push(el('p', { id: 'policy-none', text: t('optPolicyNone') }));
  else if (o.managedErrors.length) parts.push(el('p', { class: 'err', id: 'policy-error', text: t('optPolicyErrors') }), errorList(o.managedErrors));
  else parts.push(el('p', { id: 'policy-ok', text: t('optPolicyApplied', [o.version || '—']) }), el('pre', { text: managedKeys.join(', ') }));
  if (o.settingsErrors.length) parts.push(el('p', { class: 'err', text: t('optSettingsErrors') }), errorList(o.settingsErrors));
  policy.replaceChildren(...parts);

  for (const key of o.userKeys) {
    const input = document.getElementById(key);
    const locked = o.locked.includes(key);
    const value = locked ? o.userValues[key] : o.settings[key];
    input.value = Array.isArray(value) ? value.join('\n') : (value || '');
    input.disabled = locked;
    const note = document.getElementById(`${key}-locked`);
    note.hidden = !locked;
    note.textContent = t(o.notApplied.includes(key) ? 'optLockedNotApplied' : 'optLocked');
  }
}

// The policy can arrive or change while this page is open (Chrome loads enterprise policy after
// the extension starts): the worker says so once it has rebuilt, and the page shows the new state.
chrome.runtime.onMessage.addListener((msg) => {
  if (msg && msg.type === 'policy:changed') load();
});

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const settings = {};
  const hosts = document.getElementById('trusted_hosts');
  if (!hosts.disabled) settings.trusted_hosts = hosts.value.split(/[\s,]+/).map((h) => h.trim()).filter(Boolean);
  const desk = document.getElementById('help_desk');
  if (!desk.disabled && desk.value.trim()) settings.help_desk = desk.value.trim();
  const r = await send({ type: 'options:set', settings });
  status.replaceChildren(r.ok ? document.createTextNode(t('optSaved')) : errorList(r.errors));
  if (r.ok) load();
});

load();
