// Lastgate extractor: builds the observation (docs/observation.md) from the live DOM.
//
// Classic script (content scripts are not modules). It defines one global,
// `globalThis.LastgateExtract = { extractObservation, glanceObservation }`, and touches no DOM at load time, so Node can
// load it for tests. `crates/html` implements the same rules for saved HTML; the two must agree
// (tests/extract/agree.test.mjs). Keep the text buffer, caps and label rules in step with
// crates/html/src/{lib,text}.rs.
//
// One pass over the DOM with an explicit stack (deep DOMs do not overflow), in document order,
// descending into open shadow roots. getComputedStyle is called once per element that is not
// already excluded by tag or attribute; text nodes never need it. No eval, no innerHTML, no network.
(() => {
  'use strict';
  const loadStarted = typeof performance === 'object' ? performance.now() : 0;

  const TEXT_CAP = 2000000; // UTF-16 code units of visible text
  // Extra room past TEXT_CAP for text inside headings, controls and labels: padding must not push a
  // prompt out of the observation (same rule as crates/html).
  const PRIORITY_CAP = 2000000;
  const ITEM_CAP = 2000; // fields, controls, headings, labels
  const SHORT_CAP = 1000; // characters in a heading, control text, label or title

  const SKIPPED = new Set(['head', 'script', 'style', 'template', 'noscript', 'svg', 'canvas',
    'iframe', 'object', 'embed']);
  const INLINE = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'dfn', 'em',
    'font', 'i', 'kbd', 'label', 'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup',
    'time', 'u', 'var', 'button']);
  const INPUT_TYPES = new Set(['text', 'search', 'tel', 'url', 'email', 'password', 'date', 'month',
    'week', 'time', 'datetime-local', 'number', 'range', 'color', 'checkbox', 'radio', 'file']);
  const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
  // Unicode White_Space: the same set as `is_ws` in crates/html/src/text.rs.
  const WS_CLASS = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
  const WS_RUN = new RegExp(`[${WS_CLASS}]+`, 'g');
  const ASCII_WS = /[\t\n\f\r ]+/;

  // Collapse whitespace runs, trim, keep the first SHORT_CAP characters (code points), trim again.
  function clip(s) {
    // Not String#trim: its whitespace set differs from WS (U+FEFF, U+0085).
    const t = String(s).replace(WS_RUN, ' ').replace(/^ | $/g, '');
    if (t.length <= SHORT_CAP) return t;
    let out = '';
    let n = 0;
    for (const ch of t) {
      if (n === SHORT_CAP) break;
      out += ch;
      n += 1;
    }
    return out.replace(/ +$/, '');
  }

  // The buffer without trailing spaces and line breaks (text.rs: into_text).
  function trimEndBreaks(s) {
    let end = s.length;
    while (end > 0 && (s.charCodeAt(end - 1) === 32 || s.charCodeAt(end - 1) === 10)) end -= 1;
    return end === s.length ? s : s.slice(0, end);
  }

  function attr(el, name) {
    const v = el.getAttribute(name);
    return v === null ? '' : v;
  }

  function firstToken(v) {
    if (!v) return '';
    const t = v.split(ASCII_WS).filter(Boolean)[0];
    return t ? t.toLowerCase() : '';
  }

  // --- the visible-text buffer (same behaviour as TextBuf in text.rs) ---------------------------
  // The buffer never holds two whitespace characters in a row, never starts a line with a space and
  // never ends one with a space; ranges of it are read back after the walk.
  function TextBuf() {
    this.parts = [];
    this.len = 0; // UTF-16 units
    this.full = false;
    this.bulkFull = false; // bulk text used up TEXT_CAP; only priority text is still taken
    this.priority = 0; // open headings, controls and labels
    this.pending = false; // whitespace seen after text on this line
    this.inLine = false; // the current line has text
  }
  TextBuf.prototype.blocked = function blocked() {
    return this.full || (this.bulkFull && this.priority === 0);
  };
  TextBuf.prototype.push = function push(s) {
    if (this.blocked()) return false;
    const limit = this.priority > 0 ? TEXT_CAP + PRIORITY_CAP : TEXT_CAP;
    if (this.len + s.length > limit) {
      let cut = limit - this.len;
      const c = s.charCodeAt(cut - 1);
      if (cut > 0 && c >= 0xd800 && c <= 0xdbff) cut -= 1; // never split a surrogate pair
      if (cut > 0) { this.parts.push(s.slice(0, cut)); this.len += cut; }
      if (this.priority > 0) this.full = true; else this.bulkFull = true;
      return false;
    }
    this.parts.push(s);
    this.len += s.length;
    return true;
  };
  TextBuf.prototype.addText = function addText(data) {
    if (this.blocked() || !data) return;
    const t = data.replace(WS_RUN, ' ');
    let start = 0;
    let end = t.length;
    const lead = t.charCodeAt(0) === 32;
    if (lead) {
      if (this.inLine) this.pending = true;
      start = 1;
    }
    if (start >= end) return;
    const trail = t.charCodeAt(end - 1) === 32;
    if (trail) end -= 1;
    const core = t.slice(start, end);
    const piece = this.pending ? ` ${core}` : core;
    this.pending = false;
    if (!this.push(piece)) return;
    this.inLine = true;
    if (trail) this.pending = true;
  };
  TextBuf.prototype.lineBreak = function lineBreak() {
    this.pending = false;
    if (this.inLine && this.push('\n')) this.inLine = false;
  };

  // Text of buf[start, end) minus the excluded ranges (sorted by start), one line, clipped.
  function rangeText(buf, start, end, excluded) {
    const pieces = [];
    let cursor = start;
    if (excluded) {
      let lo = 0;
      let hi = excluded.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (excluded[mid][0] < start) lo = mid + 1; else hi = mid; }
      for (let i = lo; i < excluded.length; i++) {
        const [s, e] = excluded[i];
        if (s >= end) break;
        if (e <= cursor) continue;
        if (s > cursor) pieces.push([cursor, s]);
        cursor = Math.max(cursor, e);
      }
    }
    if (cursor < end) pieces.push([cursor, end]);
    let out = '';
    let n = 0;
    outer: for (const [s, e] of pieces) {
      // Enough code points to fill SHORT_CAP after dropping leading/joining whitespace.
      for (const ch of buf.slice(s, Math.min(e, s + 2 * SHORT_CAP + 6))) {
        out += ch;
        n += 1;
        if (n > SHORT_CAP + 2) break outer;
      }
      out += ' ';
    }
    return clip(out);
  }

  // --- element classification (same as lib.rs) ------------------------------------------------
  function controlOf(el, tag, role) {
    const rec = (kind, type, href, fixedText) =>
      ({ kind, type, href, fixedText, ariaLabel: attr(el, 'aria-label'), start: 0, end: 0 });
    if (tag === 'a' && el.hasAttribute('href')) return rec('link', '', attr(el, 'href'), null);
    if (tag === 'button') {
      const t = attr(el, 'type').toLowerCase();
      return rec('button', t === 'submit' || t === 'reset' || t === 'button' ? t : 'submit', '', null);
    }
    if (tag === 'input') {
      const t = attr(el, 'type').toLowerCase();
      if (t === 'submit' || t === 'button' || t === 'reset') return rec('button', t, '', attr(el, 'value'));
      if (t === 'image') return rec('button', t, '', attr(el, 'alt'));
      return null;
    }
    // A menu's item acts as a button does ("Make admin" in a row's ⋮ menu).
    if (role === 'button' || role === 'menuitem') return rec('button', attr(el, 'type').toLowerCase(), '', null);
    return null;
  }

  function fieldOf(el, tag) {
    let type;
    if (tag === 'input') {
      const t = attr(el, 'type').toLowerCase();
      if (t === 'hidden' || t === 'submit' || t === 'button' || t === 'reset' || t === 'image') return null;
      type = INPUT_TYPES.has(t) ? t : 'text';
    } else if (tag === 'select' || tag === 'textarea') {
      type = tag;
    } else {
      return null;
    }
    return {
      type,
      name: attr(el, 'name'),
      id: attr(el, 'id'),
      label: '',
      autocomplete: attr(el, 'autocomplete'),
      placeholder: attr(el, 'placeholder'),
      checked: (type === 'checkbox' || type === 'radio') && el.checked === true,
      value: type === 'select' ? shownOption(el) : '',
    };
  }

  // The option a select shows (its text), as crates/html reads it; none for a multiple list.
  // Never a typed value: what people type is not read.
  function shownOption(el) {
    if (el.hasAttribute('multiple')) return '';
    const opts = el.options;
    if (!opts || !opts.length) return '';
    const i = el.selectedIndex >= 0 ? el.selectedIndex : 0;
    const o = opts[i];
    return o ? clip(o.textContent || '') : '';
  }

  // How an element is drawn (same rule as crates/html): SHOWN; NOT_SHOWN, and neither is
  // anything in it (display: none, the hidden attribute); or INVISIBLE, taking its place without
  // being drawn (visibility: hidden or collapse), where a child may set visibility back and be drawn.
  const SHOWN = 0;
  const NOT_SHOWN = 1;
  const INVISIBLE = 2;
  function shown(el, tag, view) {
    if (el.hasAttribute('hidden')) return NOT_SHOWN;
    if (tag === 'input' && attr(el, 'type').toLowerCase() === 'hidden') return NOT_SHOWN;
    if (!view) return SHOWN;
    // The common case, a rendered and visible element, in one call that allocates nothing:
    // checkVisibility() is true only when the element has a box and its own computed visibility is
    // visible, i.e. exactly when the checks below find nothing. Anything else (display: contents,
    // an unrendered element) gets the exact check from its computed style, whose visibility is
    // already the inherited one.
    if (typeof el.checkVisibility === 'function' && el.checkVisibility({ visibilityProperty: true })) return SHOWN;
    const cs = view.getComputedStyle(el);
    if (!cs) return SHOWN;
    if (cs.display === 'none') return NOT_SHOWN;
    return cs.visibility === 'hidden' || cs.visibility === 'collapse' ? INVISIBLE : SHOWN;
  }

  // The nodes to read as an element's children: an open shadow root replaces the light children;
  // a <slot> in a shadow tree reads what is assigned to it (or its fallback content).
  // A closed <details> shows only its summary (the computed style of the rest does not say so).
  function childrenOf(el, tag) {
    if (el.shadowRoot) return el.shadowRoot.childNodes;
    if (tag === 'details' && !el.hasAttribute('open')) {
      for (const c of el.children) if (c.localName === 'summary') return [c];
      return [];
    }
    if (tag === 'slot' && typeof el.assignedNodes === 'function') {
      const root = el.getRootNode();
      if (root && root.host) return el.assignedNodes({ flatten: true });
    }
    return el.childNodes;
  }

  function Close(block) {
    this.block = block;
    this.heading = -1;
    this.control = -1;
    this.label = false;
    this.labelIdx = -1;
    this.button = -1;
    this.id = null;
    this.priority = false; // heading, control or label: text taken past the bulk cap
    this.invisible = false; // visibility: hidden (its own text is not drawn)
  }

  // Visible elements that show something a person may read but we cannot: images without
  // alternative text, canvases, embedded frames (same rule as crates/html).
  function opaqueKind(el, tag) {
    const noAlt = () => !(el.getAttribute('alt') || '').trim();
    if (tag === 'img' && noAlt()) return 'images';
    if (tag === 'input' && attr(el, 'type').toLowerCase() === 'image' && noAlt()) return 'images';
    if (tag === 'canvas') return 'canvases';
    if (tag === 'iframe' || tag === 'frame' || tag === 'object' || tag === 'embed') return 'frames';
    return null;
  }

  function baseContext(context) {
    const c = context || {};
    return {
      ui_lang: typeof c.ui_lang === 'string' ? c.ui_lang : '',
      recent: Array.isArray(c.recent) ? c.recent : [],
      redirects: Array.isArray(c.redirects) ? c.redirects : [],
    };
  }

  // What the document itself says: the same in a full read and a glance.
  function documentFields(doc) {
    const loc = doc.location;
    return {
      url: loc ? String(loc.href) : String(doc.URL || ''),
      referrer: String(doc.referrer || ''),
      title: clip(doc.title || ''),
      lang: (doc.documentElement && doc.documentElement.lang) || '',
    };
  }

  // `onShadowRoot(root)`, in every read: called for each open shadow root the read enters (the
  // extension observes them; a mutation observer on the document does not see inside them).
  function extractObservation(doc = document, context = {}, { onShadowRoot = null } = {}) {
    const r = reader(doc, context, onShadowRoot);
    r.run(Infinity);
    return r.result();
  }

  /**
   * The page read in slices (issue 21: a page can be huge): each slice runs for at most `sliceMs`
   * (checked every 256 nodes), `schedule(fn)` runs the next one in a later task, and the read
   * stops after `capMs` of reading in all, with what was left counted in `opaque.unread`.
   * Resolves to the observation (the first slice runs at once, in the caller's task).
   */
  function readSliced(doc = document, context = {}, { sliceMs = 20, capMs = 250, schedule = (fn) => setTimeout(fn, 0), onShadowRoot = null } = {}) {
    const r = reader(doc, context, onShadowRoot);
    let spent = 0;
    return new Promise((resolve, reject) => {
      const slice = () => {
        try {
          const t0 = performance.now();
          const done = r.run(t0 + Math.max(1, Math.min(sliceMs, capMs - spent)));
          spent += performance.now() - t0;
          if (done) { resolve(r.result()); return; }
          if (spent >= capMs) { r.cut(); resolve(r.result()); return; }
          schedule(slice);
        } catch (e) { reject(e); }
      };
      slice();
    });
  }

  // The full read as a resumable walk: run(deadline) walks until the page is read (true) or the
  // deadline passes (false); cut() gives up on the rest; result() is the observation.
  function reader(doc, context, onShadowRoot) {
    const view = doc.defaultView && typeof doc.defaultView.getComputedStyle === 'function'
      ? doc.defaultView : null;
    const buf = new TextBuf();
    const headings = []; // [start, end]
    const controls = [];
    const seen = { link: 0, button: 0 };
    const opaque = { images: 0, canvases: 0, frames: 0 };
    const fields = []; // { field, enclosingLabel, ariaLabel, labelledby }
    const labels = []; // { forId, start, end }
    const labelStack = [];
    const buttons = []; // [start, end]
    const ids = new Map(); // id -> [start, end]
    const invisible = []; // computed visibility of the open elements, innermost last (true: hidden)

    function enter(el) {
      const tag = el.localName;
      const how = shown(el, tag, view);
      const kind = opaqueKind(el, tag);
      if (kind && how === SHOWN) opaque[kind] += 1;
      if (SKIPPED.has(tag) || how === NOT_SHOWN) return null;
      if (tag === 'br') { buf.lineBreak(); return null; }
      const block = !INLINE.has(tag);
      if (block) buf.lineBreak();
      const pos = buf.len;
      const close = new Close(block);
      close.invisible = how === INVISIBLE;
      invisible.push(close.invisible);
      // An invisible element is not a heading, control or field anyone sees (its visible
      // children still are what they are).
      const drawn = how === SHOWN;
      const role = firstToken(el.getAttribute('role'));

      if (drawn && (HEADINGS.has(tag) || role === 'heading') && headings.length < ITEM_CAP) {
        close.heading = headings.length;
        headings.push([pos, pos]);
      }
      const control = drawn ? controlOf(el, tag, role) : null;
      // Links and buttons are capped apart: thousands of padding links must not push the page's
      // real button past the cap (padding is an evasion). Same rule as crates/html.
      if (control) seen[control.kind] += 1;
      if (control && seen[control.kind] <= ITEM_CAP) {
        control.start = pos;
        control.end = pos;
        close.control = controls.length;
        controls.push(control);
      }
      const field = drawn ? fieldOf(el, tag) : null;
      if (field && fields.length < ITEM_CAP) {
        fields.push({
          field,
          enclosingLabel: labelStack.length ? labelStack[labelStack.length - 1] : -1,
          ariaLabel: attr(el, 'aria-label'),
          labelledby: attr(el, 'aria-labelledby'),
        });
      }
      if (tag === 'label') {
        let idx = -1;
        if (labels.length < ITEM_CAP) {
          idx = labels.length;
          labels.push({ forId: el.getAttribute('for'), start: pos, end: pos });
        }
        labelStack.push(idx);
        close.label = true;
        close.labelIdx = idx;
      }
      if (tag === 'button') {
        close.button = buttons.length;
        buttons.push([pos, pos]);
      }
      const id = el.getAttribute('id');
      if (id && !ids.has(id)) {
        ids.set(id, [pos, pos]);
        close.id = id;
      }
      if (close.heading >= 0 || close.control >= 0 || close.labelIdx >= 0) {
        close.priority = true;
        buf.priority += 1;
      }
      return close;
    }

    function leave(close) {
      invisible.pop();
      const pos = buf.len;
      if (close.priority) buf.priority = Math.max(0, buf.priority - 1);
      if (close.heading >= 0) headings[close.heading][1] = pos;
      if (close.control >= 0) controls[close.control].end = pos;
      if (close.label) labelStack.pop();
      if (close.labelIdx >= 0) labels[close.labelIdx].end = pos;
      if (close.button >= 0) buttons[close.button][1] = pos;
      if (close.id !== null) ids.get(close.id)[1] = pos;
      if (close.block) buf.lineBreak();
    }

    // --- the walk -------------------------------------------------------------------------------
    const stack = [];
    if (doc.documentElement) stack.push(doc.documentElement);
    let unread = 0;
    function run(deadline) {
      let n = 0;
      while (stack.length) {
        if ((++n & 255) === 0 && performance.now() > deadline) return false;
        step(stack.pop());
      }
      return true;
    }
    function cut() {
      unread = stack.filter((x) => !(x instanceof Close)).length;
      // Close what is open, innermost first, so ranges end where the read stopped.
      for (let i = stack.length - 1; i >= 0; i--) if (stack[i] instanceof Close) leave(stack[i]);
      stack.length = 0;
    }
    function step(item) {
      if (item instanceof Close) { leave(item); return; }
      const type = item.nodeType;
      if (type === 3) { if (!invisible[invisible.length - 1]) buf.addText(item.nodeValue); return; }
      if (type !== 1) return;
      const close = enter(item);
      if (!close) return;
      stack.push(close);
      const tag = item.localName;
      if (tag === 'select' || tag === 'textarea') return; // values, not text
      if (onShadowRoot && item.shadowRoot) onShadowRoot(item.shadowRoot);
      const kids = childrenOf(item, tag);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }

    function result() {
      // --- read the ranges back ---------------------------------------------------------------------
      buttons.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const all = buf.parts.join('');
      const labelText = (l) => rangeText(all, l.start, l.end, buttons);
      const byFor = new Map();
      for (const l of labels) {
        if (l.forId === null) continue;
        if (!byFor.has(l.forId)) byFor.set(l.forId, []);
        byFor.get(l.forId).push(l);
      }
      const resolveLabel = (f) => {
        if (f.field.id) {
          for (const l of byFor.get(f.field.id) || []) {
            const t = labelText(l);
            if (t) return t;
          }
        }
        if (f.enclosingLabel >= 0) {
          const t = labelText(labels[f.enclosingLabel]);
          if (t) return t;
        }
        const aria = clip(f.ariaLabel);
        if (aria) return aria;
        const parts = [];
        for (const id of f.labelledby.split(ASCII_WS)) {
          if (!id) continue;
          const r = ids.get(id);
          const t = r ? rangeText(all, r[0], r[1], null) : '';
          if (t) parts.push(t);
        }
        return clip(parts.join(' '));
      };

      const outHeadings = [];
      for (const [s, e] of headings) {
        const t = rangeText(all, s, e, null);
        if (t) outHeadings.push(t);
      }
      const outControls = controls.map((c) => {
        let text = c.fixedText !== null ? clip(c.fixedText) : rangeText(all, c.start, c.end, null);
        if (!text) text = clip(c.ariaLabel);
        return { kind: c.kind, text, type: c.type, href: c.href };
      });
      const outFields = fields.map((f) => ({ ...f.field, label: resolveLabel(f) }));

      return {
        ...documentFields(doc),
        text: trimEndBreaks(all),
        headings: outHeadings,
        fields: outFields,
        controls: outControls,
        context: baseContext(context),
        opaque: { ...opaque, unread },
      };
    }

    return { run, cut, result };
  }

  // --- the glance: a cheap first look (engine.glance) ----------------------------------------------
  // Holds at least what extractObservation would find, gathered without its per-element style
  // reads: the browser's rendered text (innerText, which leaves out what is not displayed, as the
  // full read does), every button-like control and field, and opaque content counted whether it is
  // visible or not. innerText does not enter shadow roots, so open ones are read child by child.
  const GLANCE_CONTROLS = 'button, input, [role], select, textarea, img, canvas, iframe, frame, object, embed';

  function shadowRoots(doc) {
    const out = [];
    const scopes = [doc];
    while (scopes.length) {
      const scope = scopes.pop();
      for (const el of scope.querySelectorAll('*')) {
        if (el.shadowRoot) { out.push(el.shadowRoot); scopes.push(el.shadowRoot); }
      }
    }
    return out;
  }

  // True when the document has an open shadow root anywhere (stops at the first one found).
  function hasShadowRoots(doc = document) {
    for (const el of doc.querySelectorAll('*')) if (el.shadowRoot) return true;
    return false;
  }

  // `shadow: false` leaves open shadow roots out: finding them means touching every element, the
  // largest part of a glance in a fresh renderer (scripts/bench/floor.mjs), and a glance that
  // leads to a full read does not need them (the full read enters them). Such a glance may only
  // settle a page once hasShadowRoots() says there is nothing it left out.
  function glanceObservation(doc = document, context = {}, { shadow = true, onShadowRoot = null } = {}) {
    const parts = [];
    const root = doc.body || doc.documentElement;
    if (root) parts.push(typeof root.innerText === 'string' ? root.innerText : root.textContent || '');
    const scopes = [doc];
    for (const sr of root && shadow ? shadowRoots(doc) : []) {
      if (onShadowRoot) onShadowRoot(sr);
      scopes.push(sr);
      for (const n of sr.childNodes) {
        if (n.nodeType === 1) parts.push(typeof n.innerText === 'string' ? n.innerText : n.textContent || '');
        else if (n.nodeType === 3) parts.push(n.nodeValue);
      }
    }
    let text = parts.join('\n');
    if (text.length > TEXT_CAP + PRIORITY_CAP) text = text.slice(0, TEXT_CAP + PRIORITY_CAP);
    const controls = [];
    const fields = [];
    const opaque = { images: 0, canvases: 0, frames: 0 };
    for (const scope of scopes) {
      for (const el of scope.querySelectorAll(GLANCE_CONTROLS)) {
        const tag = el.localName;
        const kind = opaqueKind(el, tag);
        if (kind) opaque[kind] += 1;
        const control = controlOf(el, tag, firstToken(el.getAttribute('role')));
        if (control && control.kind === 'button' && controls.length < ITEM_CAP) {
          let t = control.fixedText !== null ? clip(control.fixedText) : clip(typeof el.innerText === 'string' ? el.innerText : el.textContent || '');
          if (!t) t = clip(control.ariaLabel);
          controls.push({ kind: 'button', text: t, type: control.type, href: '' });
        }
        const field = fieldOf(el, tag);
        if (field && fields.length < ITEM_CAP) fields.push(field);
      }
    }
    return {
      ...documentFields(doc),
      text,
      headings: [],
      fields,
      controls,
      context: baseContext(context),
      opaque,
    };
  }

  // Its own top-level run, for content.js's self-measurement (the compile before the first line is
  // not visible from inside).
  const loadMs = typeof performance === 'object' ? performance.now() - loadStarted : 0;
  globalThis.LastgateExtract = { extractObservation, readSliced, glanceObservation, hasShadowRoots, loadMs };
})();
