// The lean read: an observation built on the browser's rendered text — `innerText` of the body,
// then headings, controls and fields by selector, each checked with checkVisibility(), field labels
// by `for` and enclosing label; no shadow roots. The cheapest read that could carry an observation.
// Not a product path: floor.mjs times it (`lean`) and lean-parity.mjs compares its verdicts with
// the shipped walk's. Self-contained, so it can be serialised into a page (Function#toString).
export function leanObservation() {
  const SHORT_CAP = 1000;
  const ITEM_CAP = 2000;
  const WS = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
  const ASCII_WS = /[\t\n\f\r ]+/;
  const clip = (s) => {
    const t = String(s).replace(WS, ' ').replace(/^ | $/g, '');
    return t.length <= SHORT_CAP ? t : Array.from(t).slice(0, SHORT_CAP).join('').replace(/ +$/, '');
  };
  const attr = (el, n) => el.getAttribute(n) ?? '';
  const role = (el) => (attr(el, 'role').trim().split(ASCII_WS)[0] || '').toLowerCase();
  const vis = (el) => el.checkVisibility({ visibilityProperty: true });
  const INPUT_TYPES = new Set(['text', 'search', 'tel', 'url', 'email', 'password', 'date', 'month', 'week', 'time',
    'datetime-local', 'number', 'range', 'color', 'checkbox', 'radio', 'file']);
  const root = document.body || document.documentElement;
  // innerText's lines, each collapsed and trimmed, empty ones dropped (the walk's buffer never
  // holds an empty line or a doubled space).
  const text = (root ? root.innerText : '').split('\n').map(clip).filter(Boolean).join('\n');
  const headings = [];
  for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role]')) {
    if (!/^h[1-6]$/.test(h.localName) && role(h) !== 'heading') continue;
    if (headings.length >= ITEM_CAP || !vis(h)) continue;
    const t = clip(h.innerText);
    if (t) headings.push(t);
  }
  const controls = [];
  const seen = { link: 0, button: 0 };
  const fields = [];
  const opaque = { images: 0, canvases: 0, frames: 0 };
  let byFor = null;
  const labelText = (l) => (vis(l) ? clip(l.innerText) : '');
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, [role], img, canvas, iframe, frame, object, embed')) {
    if (!vis(el)) continue;
    const tag = el.localName;
    const type = attr(el, 'type').toLowerCase();
    const noAlt = !attr(el, 'alt').trim();
    if (tag === 'img') { if (noAlt) opaque.images += 1; continue; }
    if (tag === 'canvas') { opaque.canvases += 1; continue; }
    if (['iframe', 'frame', 'object', 'embed'].includes(tag)) { opaque.frames += 1; continue; }
    let kind = null;
    let ctype = '';
    let fixed = null;
    if (tag === 'a' && el.hasAttribute('href')) kind = 'link';
    else if (tag === 'button') { kind = 'button'; ctype = ['submit', 'reset', 'button'].includes(type) ? type : 'submit'; }
    else if (tag === 'input' && ['submit', 'button', 'reset'].includes(type)) { kind = 'button'; ctype = type; fixed = attr(el, 'value'); }
    else if (tag === 'input' && type === 'image') { kind = 'button'; ctype = type; fixed = attr(el, 'alt'); if (noAlt) opaque.images += 1; }
    else if (role(el) === 'button') { kind = 'button'; ctype = type; }
    if (kind && (seen[kind] += 1) <= ITEM_CAP) {
      let t = fixed !== null ? clip(fixed) : clip(el.innerText);
      if (!t) t = clip(attr(el, 'aria-label'));
      controls.push({ kind, text: t, type: ctype, href: kind === 'link' ? attr(el, 'href') : '' });
    }
    let ftype = null;
    if (tag === 'input' && !['hidden', 'submit', 'button', 'reset', 'image'].includes(type)) ftype = INPUT_TYPES.has(type) ? type : 'text';
    else if (tag === 'select' || tag === 'textarea') ftype = tag;
    if (!ftype || fields.length >= ITEM_CAP) continue;
    const id = attr(el, 'id');
    let label = '';
    if (id) {
      if (!byFor) {
        byFor = new Map();
        for (const l of document.querySelectorAll('label[for]')) byFor.set(l.htmlFor, [...(byFor.get(l.htmlFor) || []), l]);
      }
      for (const l of byFor.get(id) || []) if ((label = labelText(l))) break;
    }
    if (!label && el.closest('label')) label = labelText(el.closest('label'));
    if (!label) label = clip(attr(el, 'aria-label'));
    if (!label) {
      const parts = attr(el, 'aria-labelledby').split(ASCII_WS).filter(Boolean)
        .map((i) => document.getElementById(i)).map((r) => (r && vis(r) ? clip(r.innerText) : '')).filter(Boolean);
      label = clip(parts.join(' '));
    }
    fields.push({ type: ftype, name: attr(el, 'name'), id, label, autocomplete: attr(el, 'autocomplete'), placeholder: attr(el, 'placeholder') });
  }
  return {
    url: String(location.href), referrer: String(document.referrer || ''), title: clip(document.title || ''),
    lang: document.documentElement.lang || '', text, headings, fields, controls,
    context: { ui_lang: '', recent: [], redirects: [] }, opaque,
  };
}
