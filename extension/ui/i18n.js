// Interface strings come from _locales/ (chrome.i18n follows the browser's language); the reasons
// come from the engine in the page's language where it has it. Every string is set as text, never
// as HTML. Direction follows the locale (@@bidi_dir), and the CSS uses logical properties only.

export function t(key, subs) {
  const s = chrome.i18n.getMessage(key, subs);
  return s || key;
}

/** Fills `[data-i18n]` text and `[data-i18n-<attr>]` attributes under `root`, and sets lang/dir. */
export function localize(root = document) {
  document.documentElement.lang = chrome.i18n.getMessage('@@ui_locale').replace('_', '-') || 'en';
  document.documentElement.dir = chrome.i18n.getMessage('@@bidi_dir') || 'ltr';
  for (const el of root.querySelectorAll('*')) {
    for (const a of [...el.attributes]) {
      if (a.name === 'data-i18n') el.textContent = t(a.value);
      else if (a.name.startsWith('data-i18n-')) el.setAttribute(a.name.slice(10), t(a.value));
    }
  }
}

/** A new element with text content (never HTML) and attributes. */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else if (v !== false && v !== null && v !== undefined) e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c) e.append(c);
  return e;
}

/** Page-derived text (a host name, a button label) isolated for bidi and always as text. */
export function bdi(text) {
  return el('bdi', { text });
}

export function send(msg) {
  return chrome.runtime.sendMessage(msg).catch((e) => ({ ok: false, errors: [{ path: '', message: String(e && e.message ? e.message : e) }] }));
}

/** Reasons split into what the click would do (flow, stakes) and why it looks risky here. */
export function splitReasons(verdict) {
  const grants = [];
  const why = [];
  for (const r of (verdict && verdict.reasons) || []) {
    (r.id.startsWith('flow.') || r.id.startsWith('stakes.') ? grants : why).push(r);
  }
  return { grants, why };
}

export const FLOWS = ['password_reset', 'mfa_approval', 'device_code', 'oauth_consent', 'credential_reissue', 'recovery_factor_change', 'reauthentication', 'access_approval'];

export function flowName(flow) {
  return FLOWS.includes(flow) ? t(`flow_${flow}`) : t('flow_none');
}
