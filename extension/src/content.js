// Lastgate content script: reads the page, asks the service worker for a verdict, shows what the
// worker says to show, and holds the approving click at `confirm`.
//
// It holds no detection logic: the observation comes from extract.js, the verdict and the texts of
// the controls to hold (`verdict.hold`) from the engine, and what to show (`ui.view`) from the
// worker. It is injected by the worker (see background.js) after the page has loaded, or some time
// after the navigation committed when the load event is late (then it waits for DOMContentLoaded).
//
// The worker pulls: the first look at the page is this script's result (executeScript returns it
// to the worker), a full read the worker asks for next is the result of a second small injection
// (`__lastgatePull`), and an answer the page must act on arrives the same way (`__lastgateAnswer`).
// So a page that shows nothing and does not change never touches `chrome.runtime` — whose first
// use in a page costs 0.6–0.8 ms of main thread (scripts/bench/floor.mjs) — and exchanges no
// messages. Messages are for what only the page knows when: it changed, a warning is shown, the
// user is held at `confirm`, the warning is being fought.
//
// What the page sees of us: one element with a random tag name and a closed shadow root holding an
// extension-page iframe (cross-origin to the page). The page can remove or restyle that element; we
// notice, put it back and, if it keeps fighting, the worker sends the tab to the block page.
//
// At `confirm` the interstitial is drawn as soon as the verdict arrives, as a modal dialog on the
// top layer: the rest of the document is inert, so no click, tap or key of the user's reaches the
// page until they pass the check (or leave: Cancel takes the tab away). Its safety does not depend
// on seeing the page's events — a page's own capture listeners, pointerdown handlers, relabelled or
// untyped controls and frames get nothing, because the user cannot reach them (issue 21).
(() => {
  'use strict';
  if (globalThis.__lastgateContentLoaded) return;
  globalThis.__lastgateContentLoaded = true;

  // What this script costs the page's main thread, measured by itself: performance.now() around
  // every entry from the browser into it — its top level (and extract.js's), idle callbacks,
  // timers, the mutation observer, the worker's answers, listeners — nested entries counted once.
  // `t` keeps when the first read started, was sent and answered (ms on the page's clock). It lives
  // in this isolated world only (the page cannot read it); `make bench` reads it over DevTools
  // (cs_main_thread_ms). The browser's own work for us — creating this world, compiling the two
  // files, delivering messages — is outside it; the bench's trace rows count that too.
  const cost = { ms: 0, calls: 0, max: 0, by: {}, t: { injected: performance.now() } };
  globalThis.__lastgateCost = cost;
  let depth = 1; // the top level is being run; it adds its own time at the end
  function timed(fn, name = fn.name || '?') {
    return function timedEntry(...args) {
      if (depth) return fn.apply(this, args);
      depth = 1;
      const t0 = performance.now();
      try {
        return fn.apply(this, args);
      } finally {
        depth = 0;
        const dt = performance.now() - t0;
        cost.ms += dt;
        cost.calls += 1;
        if (dt > cost.max) cost.max = dt;
        cost.by[name] = (cost.by[name] || 0) + dt;
      }
    };
  }
  const mark = (k) => { if (!(k in cost.t)) cost.t[k] = performance.now(); };

  const DEBOUNCE_MS = 250;
  const MAX_WAIT_MS = 1500;
  const GUARD_MS = 250; // how often a shown warning checks it is still on top, when something changed
  const GUARD_QUIET_TICKS = 4; // a full check at least every GUARD_QUIET_TICKS × GUARD_MS
  const TAMPER_LIMIT = 6; // restorations within TAMPER_WINDOW_MS before the tab is blocked
  const TAMPER_WINDOW_MS = 10000;
  let frameUrl = ''; // chrome.runtime.getURL('ui/frame.html'), on the first warning drawn

  let lastSent = '';
  let verdict = null;
  let ui = null; // { view, nonce, host, root, frame, dialog, loads }
  let passed = false; // the user went through the interstitial for this page and flow
  let returnFocus = null;
  let armed = ''; // at `confirm`: the UI session of the interstitial
  let holdOnly = false; // at `confirm` in a frame whose interstitial the top page draws
  let titles = null; // the frame's accessible title per view, in the browser's language (from the worker)
  let leaving = false; // the document is being unloaded (pagehide)

  // --- observing -------------------------------------------------------------------------------
  // No chrome.i18n here: its first use in a page costs a synchronous round trip to the browser for
  // the message catalogue (1–6 ms measured). The worker fills in the browser's UI language and
  // sends the frame's title with what to show.

  // A page is glanced at first (extract.js glanceObservation: its rendered text, buttons and
  // fields, no per-element style reads) and read fully only when the engine says the glance holds
  // something that could make a flow. From then on this document is always read fully. When the
  // worker already knows the page matters (engine.triage on its URL: a known flow page, a lookalike
  // or suspicious host) it injects read-now.js first and the glance is skipped.
  // A document whose HTML alone is this large is read fully at once, in slices: a glance takes the
  // whole page's rendered text in one call, which on a page of half a million elements is a long
  // task by itself.
  const HUGE_HTML_BYTES = 1500000;
  let reading = globalThis.__lastgateReadNow === true || htmlBytes() > HUGE_HTML_BYTES;
  function htmlBytes() {
    const nav = typeof performance.getEntriesByType === 'function' ? performance.getEntriesByType('navigation')[0] : null;
    return nav && typeof nav.decodedBodySize === 'number' ? nav.decodedBodySize : 0;
  }

  // The worker could not answer (it is starting, or was stopped while answering): ask again after
  // RETRY_MS, 4×RETRY_MS, 16×RETRY_MS rather than waiting for the page to change.
  const RETRY_MS = 250;
  let retries = 0;
  function unavailable(answer) {
    const e = answer && answer.errors && answer.errors[0];
    return !answer || (answer.ok === false && !!e && /^unavailable/.test(e.message));
  }
  function retryLater() {
    lastSent = '';
    if (retries >= 3) return;
    setTimeout(timed(function retry() { observe(); }), RETRY_MS * 4 ** retries);
    retries += 1;
  }

  // What the worker gets: the page read fully, or glanced at (see above), unless it is what was
  // sent last. Returns the message, or null when nothing changed.
  // `light`: a glance that leaves open shadow roots out (extract.js); the worker asks for them
  // (pull 'shadow') before such a glance settles the page.
  // A promise: a full read runs in slices (extract.js readSliced: at most READ_SLICE_MS each, a
  // later task for the next) and stops after READ_CAP_MS, so no page, however large, gets a long
  // task from us; a read cut short says so (`opaque.unread`, reason `reading.incomplete`). A page
  // whose read was cut is read again at most every CUT_REREAD_MS, and not at all once its reads
  // have cost CUT_PAGE_MS: that is the hard cap per page.
  async function look(light = false) {
    if (!reading) {
      const obs = globalThis.LastgateExtract.glanceObservation(document, {}, { shadow: !light, onShadowRoot: watchRoot });
      const key = `glance ${JSON.stringify(obs)}`;
      if (key === lastSent) return null;
      lastSent = key;
      mark('glance_sent');
      return { type: 'glance', observation: obs };
    }
    if (readingNow) { readAgain = true; return null; }
    if (cutSpent && cutSpent >= CUT_PAGE_MS) return null;
    if (cutSpent && Date.now() - cutAt < CUT_REREAD_MS) {
      // Too soon after a cut read: read once the wait is over, so a change now is not lost.
      if (!cutRetry) cutRetry = setTimeout(timed(function cutReread() { cutRetry = 0; lastSent = ''; observe(); }), cutAt + CUT_REREAD_MS - Date.now());
      return null;
    }
    readingNow = true;
    let obs;
    try {
      obs = await globalThis.LastgateExtract.readSliced(document, {}, { sliceMs: READ_SLICE_MS, capMs: READ_CAP_MS, schedule: (fn) => setTimeout(timed(fn, 'readSlice'), 0), onShadowRoot: watchRoot });
    } finally {
      readingNow = false;
    }
    if (obs.opaque.unread > 0) { cutSpent += READ_CAP_MS; cutAt = Date.now(); }
    if (readAgain) { readAgain = false; schedule(); }
    const key = JSON.stringify(obs);
    if (key === lastSent) return null;
    lastSent = key;
    mark('read_sent');
    return { type: 'observation', observation: obs };
  }
  const READ_SLICE_MS = 20;
  const READ_CAP_MS = 250;
  const CUT_REREAD_MS = 10000;
  const CUT_PAGE_MS = 1000;
  let readingNow = false;
  let readAgain = false;
  let cutSpent = 0;
  let cutAt = 0;
  let cutRetry = 0;

  // The worker's messages (UI events) reach this document only once it listens; it starts to when
  // it first sends a message or draws something.
  let listening = false;
  function listen() {
    if (listening) return;
    listening = true;
    chrome.runtime.onMessage.addListener(timed(onMessage));
  }

  function observe() {
    look().then((msg) => { if (msg) send(msg); });
  }

  // Sends a look the page took by itself (it changed, or the worker could not answer) and acts on
  // the answer: a glance answered "read" is followed by a full read.
  function send(msg) {
    listen();
    const glanced = msg.type === 'glance';
    chrome.runtime.sendMessage(msg).then(
      timed((answer) => {
        mark(glanced ? 'glance_answered' : 'read_answered');
        if (!answer || !answer.ok) { if (unavailable(answer)) retryLater(); return; }
        if (glanced && answer.read) { reading = true; lastSent = ''; observe(); return; }
        apply(answer.value, answer.ui || { view: 'none' });
      }, glanced ? 'glanceAnswer' : 'readAnswer'),
      () => { lastSent = ''; /* worker restarting or extension reloaded: the next change sends again */ },
    );
  }

  // --- what the worker pulls (executeScript into this isolated world; pages cannot call these) ----
  // 'read': the page read fully (the glance said it may hold a flow); from then on this document
  // is always read fully. 'reassess': the page as now, even if unchanged (the policy changed).
  // 'shadow': a light glance would settle the page; the full glance if the page has open shadow
  // roots, else { type: 'shadow', roots: 0 }. Pulled glances are light; a glance sent because the
  // page changed is whole.
  globalThis.__lastgatePull = timed(function pull(what) {
    if (what === 'read') { reading = true; lastSent = ''; }
    else if (what === 'reassess') lastSent = '';
    else if (what !== 'shadow') return null;
    if (!started) return null; // not read yet: its first look goes to the worker when it starts
    if (what === 'shadow') {
      if (reading || !globalThis.LastgateExtract.hasShadowRoots(document)) return { type: 'shadow', roots: 0 };
      lastSent = '';
      return look();
    }
    return look(true);
  });
  // The worker's answer to a pulled look, when the page has something to do: draw a warning, hold
  // the approving control, or look again because the worker could not answer.
  globalThis.__lastgateAnswer = timed(function answered(answer) {
    mark(lastSent.startsWith('glance ') ? 'glance_answered' : 'read_answered');
    if (answer && answer.ok) apply(answer.value, answer.ui || { view: 'none' });
    else if (unavailable(answer)) retryLater();
  });

  // A frame of this page has a warning or an interstitial to show: the top page draws it, over
  // everything (the frame may be invisible or tiny). Its session and answers are the frame's; this
  // page's own verdict does not take it down.
  globalThis.__lastgateFrameAlert = timed(function frameAlert(answer) {
    const view = answer && answer.ok && answer.ui;
    if (!view || !view.nonce || (view.view !== 'banner' && view.view !== 'confirm')) return;
    if (view.titles) titles = view.titles;
    if (ui && ui.nonce === view.nonce) return;
    // One surface at a time: a check being asked stays (this page's own first; a frame's alert
    // waits and is shown when it is passed), and a banner never replaces a check.
    if (ui && ui.view === 'confirm') { if (view.view === 'confirm' || !pendingFrameAlert) pendingFrameAlert = answer; return; }
    if (view.view === 'confirm') returnFocus = document.activeElement;
    show(view.view, view.nonce, true);
  });

  let pendingFrameAlert = null; // a frame's alert that arrived while a check was being asked
  // After a check is passed: the next thing to ask or show, if any (this page's own check, or a
  // frame's alert that waited).
  function afterCheck() {
    if (armed && !passed && !holdOnly) { show('confirm', armed); return; }
    const next = pendingFrameAlert;
    pendingFrameAlert = null;
    if (next) globalThis.__lastgateFrameAlert(next);
  }

  let timer = 0;
  let firstPending = 0;
  function schedule() {
    const now = Date.now();
    if (!firstPending) firstPending = now;
    clearTimeout(timer);
    const wait = Math.min(DEBOUNCE_MS, Math.max(0, firstPending + MAX_WAIT_MS - now));
    timer = setTimeout(timed(function debounced() { firstPending = 0; observe(); }), wait);
  }

  // Elements we added to the page (every banner or interstitial host, current or torn down): their
  // coming and going is not the page changing, and must not make us read the page again.
  const ourHosts = new WeakSet();
  const onlyOurs = (nodes) => { for (const n of nodes) if (!ourHosts.has(n)) return false; return true; };
  // `open`: a dialog of the page's own shown (showModal()) above ours.
  const MO_OPTIONS = { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['style', 'class', 'hidden', 'popover', 'inert', 'open'] };
  // Open shadow roots the reads entered: observed too, since changes inside them are not
  // mutations of the document (a prompt filled into a shadow root after load).
  const watchedRoots = new WeakSet();
  function watchRoot(root) {
    if (watchedRoots.has(root)) return;
    watchedRoots.add(root);
    mo.observe(root, MO_OPTIONS);
  }
  const mo = new MutationObserver(timed(function mutated(records) {
    let pageChanged = false;
    if (document.documentElement !== boundRoot) rebind();
    let ours = false;
    for (const r of records) {
      const atUs = ui && (r.target === ui.host || (r.type === 'childList' && [...r.removedNodes].includes(ui.host)));
      // Our element touched or gone, or a dialog of the page's opened: check at once. A record
      // may be both that and the page changing (replaceChildren, a <details> or dialog opened).
      if (ui && (atUs || !ui.host.isConnected || r.attributeName === 'open')) ours = true;
      if (r.target !== (ui && ui.host) && !(r.type === 'childList' && onlyOurs(r.addedNodes) && onlyOurs(r.removedNodes))) pageChanged = true;
    }
    if (ours) guard('mutation');
    if (pageChanged) { guardDirty = true; schedule(); }
  }));

  // --- what to show ----------------------------------------------------------------------------
  function apply(v, view) {
    const flowChanged = !verdict || verdict.flow !== v.flow;
    verdict = v;
    retries = 0;
    if (view.titles) titles = view.titles;
    if (flowChanged) passed = false;
    if (view.view === 'hold') {
      // This frame is at `confirm`, and the top page draws the interstitial (see frameAlert):
      // here the approving controls are only held against the frame's own script.
      armed = view.nonce;
      holdOnly = true;
      listen();
      holdActivations();
      return;
    }
    if (view.view === 'none' || !view.nonce) {
      if (ui && ui.view === 'banner' && !ui.foreign) teardown();
      return;
    }
    if (view.view === 'banner') {
      // The worker keeps one session per document and flow; a new nonce means a new warning. A
      // check being asked (a frame's) is not replaced by a banner.
      if (ui && ui.view === 'confirm') return;
      if (!ui || ui.view !== 'banner' || ui.nonce !== view.nonce) show('banner', view.nonce);
    } else if (view.view === 'confirm') {
      // Drawn at once: from now until the user passes the check or leaves, the page is inert.
      armed = view.nonce;
      holdActivations();
      if (!passed && (!ui || ui.view !== 'confirm')) {
        returnFocus = document.activeElement;
        show('confirm', armed);
      }
    }
  }
  function randomTag() {
    const a = new Uint8Array(6);
    crypto.getRandomValues(a);
    return 'x-' + Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  // Inside a closed shadow root, `!important` declarations on :host beat the page's own, even its
  // inline `!important` styles (CSS Cascade 4: important rules of the inner context win).
  const HOST_CSS = `
    :host { all: initial !important; display: block !important; position: fixed !important;
      visibility: visible !important; opacity: 1 !important; transform: none !important;
      filter: none !important; clip-path: none !important; mask: none !important;
      pointer-events: auto !important; z-index: 2147483647 !important; margin: 0 !important;
      padding: 0 !important; border: 0 !important; background: transparent !important;
      overflow: visible !important; contain: none !important; }
    :host(.banner) { inset: 0 0 auto 0 !important; width: 100% !important; height: auto !important; }
    :host(.confirm) { inset: 0 !important; width: 100% !important; height: 100% !important; }
    iframe { display: block; border: 0; width: 100%; height: 120px; color-scheme: normal; background: transparent; }
    :host(.confirm) iframe { height: 100%; }
    dialog { all: initial; display: block; position: fixed; inset: 0; width: 100%; height: 100%;
      max-width: none; max-height: none; margin: 0; padding: 0; border: 0; background: transparent; }
    dialog::backdrop { background: rgba(0, 0, 0, .55); }
    dialog.banner { inset: 0 0 auto 0; height: auto; }
    dialog.banner::backdrop { background: rgba(0, 0, 0, .15); }`;

  // `foreign`: the warning of a frame of this page (frameAlert), drawn here.
  function show(view, nonce, foreign = false) {
    teardown(true);
    const host = document.createElement(randomTag());
    host.className = view; // :host(.banner) — any class the page adds is removed by the guard
    const root = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = HOST_CSS;
    // Zoom is the one inherited property that reaches a top-layer element from the page and that
    // `all: initial` cannot undo (it multiplies down the tree): `html { zoom: .25 }` would draw the
    // warning at a quarter of its size. Our host's zoom cancels the root's (see zoomed()).
    const zoomStyle = document.createElement('style');
    const frame = document.createElement('iframe');
    listen();
    if (!frameUrl) frameUrl = chrome.runtime.getURL('ui/frame.html');
    frame.src = `${frameUrl}#${nonce}`;
    frame.setAttribute('title', (titles && titles[view]) || 'Lastgate');
    if (view === 'confirm') {
      frame.setAttribute('allow', '');
      // The page took focus from the interstitial (blur() on our element): take it back before
      // any input can reach the page (a microtask runs before the next event), and count it.
      root.addEventListener('focusout', timed(function focusLost() {
        queueMicrotask(() => {
          if (ui && ui.frame === frame && focusTaken()) guard('focus');
        });
      }), true);
    }
    let loads = 0;
    frame.addEventListener('load', timed(function frameLoad() {
      loads += 1;
      // The page may navigate our frame (an ancestor can set a child frame's location, even
      // cross-origin). A second load means it did: start over with a fresh frame.
      if (loads > 1) { guard('frame-navigated'); return; }
      if (view === 'confirm') frame.focus();
    }));
    let dialog = null;
    // The interstitial is modal. The banner is a popover, unless the page has a modal dialog of its
    // own open: that would make a popover inert, so the banner becomes the topmost modal instead.
    if (view === 'confirm' || pageModalOpen()) {
      dialog = document.createElement('dialog');
      if (view === 'banner') dialog.className = 'banner';
      dialog.addEventListener('cancel', (e) => { e.preventDefault(); }); // Esc is answered inside the frame
      dialog.append(frame);
      root.append(style, zoomStyle, dialog);
    } else {
      host.popover = 'manual';
      root.append(style, zoomStyle, frame);
    }
    ourHosts.add(host);
    ui = { view, nonce, host, root, frame, dialog, zoomStyle, zoom: 1, foreign, shownAt: Date.now() };
    unzoom();
    document.documentElement.append(host);
    raise();
    startGuard();
  }

  /** The page's zoom on the root element, which our host inherits. */
  function rootZoom() {
    const z = parseFloat(getComputedStyle(document.documentElement).zoom);
    return Number.isFinite(z) && z > 0 ? z : 1;
  }
  function unzoom() {
    ui.zoom = 1 / rootZoom();
    ui.zoomStyle.textContent = ui.zoom === 1 ? '' : `:host { zoom: ${ui.zoom} !important; }`;
  }

  function pageModalOpen() {
    return document.querySelector('dialog:modal') !== null;
  }

  /** Puts our element on the top layer: above every z-index, and above earlier top-layer elements. */
  function raise() {
    if (!ui) return;
    try {
      if (ui.dialog) {
        if (ui.dialog.open) ui.dialog.close();
        ui.dialog.showModal();
      } else {
        if (ui.host.matches(':popover-open')) ui.host.hidePopover();
        ui.host.showPopover();
      }
    } catch { /* not connected yet; the guard retries */ }
  }

  function teardown(keepGuard) {
    if (!ui) return;
    const old = ui;
    ui = null;
    if (old.dialog && old.dialog.open) old.dialog.close();
    old.host.remove();
    if (!keepGuard) stopGuard();
  }

  // --- tamper guard ----------------------------------------------------------------------------
  // While something is shown, every GUARD_MS and on every mutation of our element: it must be in
  // the document, unstyled by the page, on the top layer and the topmost thing where it is drawn.
  // Each repair counts; a page that keeps fighting is blocked (the worker moves the tab).
  // The full check forces style, layout and hit testing (about 1–2 ms a time on the corpus pages,
  // measured), so a tick runs it only when something may have changed: the page's DOM mutated, a
  // popover, dialog or fullscreen element changed state, the window was resized. Changes no event
  // reports (a stylesheet edited through the CSSOM) are caught by a full check every
  // GUARD_QUIET_TICKS ticks regardless.
  let guardTimer = 0;
  let guardDirty = true;
  let quietTicks = 0;
  let repairs = [];
  // One tamper report per document: the worker answers it by sending the tab to the block page,
  // and a second report while that navigation is under way (a page that strips our element every
  // 30 ms reaches the limit again within ~200 ms) would start it again and abort the first. A
  // report that did not reach the worker can be made again.
  let tamperReported = false;
  function startGuard() {
    guardDirty = true;
    listenForChanges();
    if (!guardTimer) {
      guardTimer = setInterval(timed(function guardTick() {
        quietTicks += 1;
        // At confirm the keyboard stays with the interstitial (a cheap check, every tick); a page
        // that keeps taking focus away is fighting the warning.
        if (focusTaken()) guard('focus');
        if (!guardDirty && quietTicks < GUARD_QUIET_TICKS) return;
        guardDirty = false;
        quietTicks = 0;
        guard('interval');
      }), GUARD_MS);
    }
  }
  // Capture listeners on the window, added when something is first shown: these events do not
  // bubble, and fire on the page's elements and on ours alike (hidePopover() on our element is a
  // 'toggle', not a mutation).
  // (Added again after document.open(), which erases a document's and window's listeners; adding
  // the same function twice is a no-op, so re-adding is safe where the browser kept them.)
  let watchingChanges = false;
  const stateChanged = timed(function stateChanged() { guardDirty = true; });
  function listenForChanges() {
    watchingChanges = true;
    for (const type of ['toggle', 'close', 'fullscreenchange', 'resize']) addEventListener(type, stateChanged, { capture: true, passive: true });
  }
  function stopGuard() {
    clearInterval(guardTimer);
    guardTimer = 0;
  }

  // What the page did to our element. Destructive changes ('removed', 'attributes', 'closed',
  // 'hidden', 'inert', 'covered') are repaired and counted; a page's own top-layer element that
  // appears while ours is shown (a legitimate site may open its own dialog) only makes us move back
  // to the top, uncounted.
  const seenTopLayer = new WeakSet();
  /** The share of rectangle b that rectangle a covers. */
  const coverage = (a, b) => {
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const hgt = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return w > 0 && hgt > 0 && b.width > 0 && b.height > 0 ? (w * hgt) / (b.width * b.height) : 0;
  };
  /** Whether `el`, or one of its first descendants, paints a background over most of rectangle r. */
  function paintsOver(el, r) {
    const paints = (x) => {
      const cs = getComputedStyle(x);
      return cs.backgroundImage !== 'none' || !/^(transparent|rgba\(.*,\s*0\))$/.test(cs.backgroundColor);
    };
    if (coverage(el.getBoundingClientRect(), r) < 0.5) return false;
    if (paints(el)) return true;
    const kids = el.querySelectorAll('*');
    for (let i = 0; i < kids.length && i < 20; i += 1) {
      if (paints(kids[i]) && coverage(kids[i].getBoundingClientRect(), r) >= 0.5) return true;
    }
    return false;
  }
  function tampered() {
    const h = ui.host;
    if (!h.isConnected || h.parentNode !== document.documentElement) return 'removed';
    if (h.attributes.length !== (h.hasAttribute('popover') ? 2 : 1) || h.className !== ui.view) return 'attributes';
    if (document.documentElement.inert) return 'inert';
    const open = ui.dialog ? ui.dialog.open && ui.dialog.matches(':modal') : h.matches(':popover-open');
    if (!open) return 'closed';
    const cs = getComputedStyle(h);
    if (cs.display === 'none' || cs.visibility !== 'visible' || cs.opacity !== '1') return 'hidden';
    if (Math.abs(rootZoom() * ui.zoom - 1) > 0.001) return 'zoom';
    // checkVisibility also sees what an ancestor does (content-visibility, opacity 0 on <html>).
    if (typeof h.checkVisibility === 'function' && !h.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true })) return 'hidden';
    // With a dialog the drawn box is the dialog's (top layer, out of the host's flow).
    const r = (ui.dialog || h).getBoundingClientRect();
    if (r.width < 50 || r.height < 20) return 'hidden';
    let fresh = false;
    for (const el of document.querySelectorAll(':popover-open, dialog:modal, :fullscreen')) {
      if (el === h) continue;
      if (!seenTopLayer.has(el)) { seenTopLayer.add(el); fresh = true; }
      // A top-layer element over the warning that hit testing cannot see (pointer-events: none)
      // covers it for the eye while the check below finds the warning on top. Re-opening such an
      // element puts it above ours again without being new, and the order of the top layer cannot
      // be read, so one that paints over most of the warning counts as covering each time (a
      // toast, or a transparent region that holds toasts, does not).
      if (getComputedStyle(el).pointerEvents === 'none' && paintsOver(el, r)) return 'covered';
    }
    if (fresh) return 'raise';
    const y = Math.min(r.top + 10, innerHeight - 1);
    for (const x of [r.left + 20, r.left + r.width / 2, r.right - 20]) {
      const at = document.elementFromPoint(Math.max(0, Math.min(x, innerWidth - 1)), Math.max(0, y));
      if (at && at !== h) return 'covered';
    }
    return '';
  }

  // At confirm the page has taken the keyboard from the interstitial (while this window has it).
  function focusTaken() {
    return !!ui && ui.view === 'confirm' && !leaving && document.hasFocus() && document.activeElement !== ui.host;
  }

  function guard(why) {
    if (document.documentElement !== boundRoot) rebind();
    if (!ui || leaving || !document.documentElement) return;
    let what = why === 'frame-navigated' ? why : tampered();
    // At confirm the keyboard stays with the interstitial: a page that moves focus away (blur() on
    // our element) would otherwise get the user's keys on its own document.
    if (!what && focusTaken()) what = 'focus';
    if (!what) return;
    if (what === 'zoom') { unzoom(); return; } // pages zoom their root for their own reasons: not counted
    if (what === 'raise') {
      if (!ui.dialog && pageModalOpen()) show(ui.view, ui.nonce, ui.foreign); // rebuilt as a modal
      else raise();
      return;
    }
    const now = Date.now();
    repairs = repairs.filter((t) => now - t < TAMPER_WINDOW_MS);
    repairs.push(now);
    if (repairs.length >= TAMPER_LIMIT && !tamperReported) {
      listen();
      tamperReported = true;
      chrome.runtime.sendMessage({ type: 'tamper', what }).catch(() => { tamperReported = false; });
      repairs = [];
    }
    // A document made inert cannot be clicked at all, ours included; no real page does that
    // while a warning is up, so the attribute goes.
    if (what === 'inert') document.documentElement.inert = false;
    if (what === 'covered') { raise(); return; }
    if (what === 'focus') { ui.frame.focus(); return; }
    // Rebuild from scratch: a new random element and a fresh frame for the same session.
    const { view, nonce, foreign } = ui;
    show(view, nonce, foreign);
  }

  // --- holding the approving control at `confirm` ----------------------------------------------
  const norm = (s) => String(s || '').replace(/\s+/g, ' ').trim().toLowerCase();
  const CONTROL = 'button, input[type=submit], input[type=button], input[type=image], [role=button], a[href]';

  function heldTexts() {
    return verdict && armed && !passed ? new Set((verdict.hold || []).map(norm).filter(Boolean)) : null;
  }

  function isHeld(el, texts) {
    if (!el || !texts || !texts.size) return false;
    const candidates = [el.innerText, el.textContent, el.value, el.getAttribute && el.getAttribute('alt'), el.getAttribute && el.getAttribute('aria-label')];
    return candidates.some((t) => t && texts.has(norm(t)));
  }

  function controlOf(e) {
    for (const n of e.composedPath()) {
      if (n instanceof Element && n.matches(CONTROL)) return n;
    }
    return null;
  }

  function hold(e) {
    e.preventDefault();
    e.stopImmediatePropagation();
    if (holdOnly || (ui && ui.view === 'confirm')) return; // already asking
    returnFocus = document.activeElement;
    show('confirm', armed);
  }

  // Capture on window: script-made clicks (`button.click()`), `requestSubmit()` and `form.submit()`
  // still work in an inert document, so page script that activates the approving control on the
  // user's behalf is held too. What the user does cannot reach the page at all while the
  // interstitial is up (see apply). Added when the page is first at `confirm`, not at injection:
  // registering them (with the Navigation API's first use) cost every page about 0.2 ms of main
  // thread (make bench).
  let holding = false;
  const onClick = timed(function heldClick(e) {
    const texts = heldTexts();
    if (texts && isHeld(controlOf(e), texts)) hold(e);
  });
  const onSubmit = timed(function heldSubmit(e) {
    const texts = heldTexts();
    if (!texts) return;
    const form = e.target;
    const submitter = e.submitter;
    const acts = submitter ? isHeld(submitter, texts) : [...form.querySelectorAll(CONTROL)].some((c) => isHeld(c, texts));
    if (acts) hold(e);
  });
  // `form.submit()` from page script fires no submit event; the Navigation API still sees the
  // form navigation (Chromium; elsewhere this listener is simply not reached).
  const onNavigate = timed(function heldNavigation(e) {
    const texts = heldTexts();
    if (!texts || !e.formData || !e.cancelable) return;
    const forms = [...document.forms].some((f) => [...f.querySelectorAll(CONTROL)].some((c) => isHeld(c, texts)));
    if (forms) hold(e);
  });
  function holdActivations() {
    holding = true;
    addEventListener('click', onClick, true);
    addEventListener('submit', onSubmit, true);
    if (globalThis.navigation && typeof navigation.addEventListener === 'function') navigation.addEventListener('navigate', onNavigate);
  }

  // The user passed the check: the page is theirs again, and they make the approving click
  // themselves (nothing is replayed on their behalf: what was held was the page's own script).
  function passConfirm() {
    passed = true;
    teardown();
    if (returnFocus && returnFocus.isConnected && typeof returnFocus.focus === 'function') returnFocus.focus();
    returnFocus = null;
  }

  // Messages from the worker only (pages cannot reach this listener; see listen()).
  function onMessage(msg) {
    if (msg && msg.type === 'ui:event' && msg.act === 'passed' && holdOnly && msg.nonce === armed) { passed = true; return; }
    if (!msg || msg.type !== 'ui:event' || !ui || msg.nonce !== ui.nonce) return;
    switch (msg.act) {
      case 'resize':
        if (ui.view === 'banner') ui.frame.style.height = `${Math.min(msg.height, Math.round(innerHeight * 0.6))}px`;
        break;
      case 'dismissed':
        teardown();
        break;
      case 'passed':
        if (ui.view === 'confirm' && ui.foreign) { teardown(); afterCheck(); } // a frame's check: the frame hears itself
        else if (ui.view === 'confirm') { passConfirm(); afterCheck(); }
        break;
      // 'cancelled' at confirm: the worker takes the tab away from this page; the interstitial
      // stays until it has gone.
      default:
    }
  }

  // The document is going away (navigation, tab closing, back/forward cache): the page tearing
  // down its DOM is not tampering, so nothing is rebuilt until it is shown again.
  // Only the browser's own events count: a page dispatching a synthetic `pagehide` must not switch
  // the guard off.
  const onPageHide = timed(function pageHide(e) { if (e.isTrusted) { leaving = true; stopGuard(); } });
  const onPageShow = timed(function pageShow(e) { if (e.isTrusted && e.persisted) { leaving = false; if (ui) startGuard(); } });
  function bindWindow() {
    addEventListener('pagehide', onPageHide);
    addEventListener('pageshow', onPageShow);
    if (holding) holdActivations();
    if (watchingChanges) listenForChanges();
  }
  bindWindow();

  // The page rewrote itself with document.open(): a new root element to observe, the window's
  // listeners to add again (open() erases them), and a new page to read.
  let boundRoot = document.documentElement;
  function rebind() {
    boundRoot = document.documentElement;
    if (!boundRoot) return; // opened and not yet written: the document's childList mutation follows
    mo.observe(boundRoot, MO_OPTIONS);
    bindWindow();
    if (started) { lastSent = ''; schedule(); }
  }

  // --- start -----------------------------------------------------------------------------------
  // The first look: light when the worker pulls it (see __lastgatePull 'shadow').
  function start(light) {
    mark('read');
    const msg = look(light);
    mo.observe(document.documentElement, MO_OPTIONS);
    mo.observe(document, { childList: true }); // the root element replaced (document.open())
    return msg;
  }
  // Injected after the load event: read when the main thread is idle, so not even the first frame
  // after load waits. Injected because load is late or never comes (the worker's timer after
  // commit): executeScript waits for the document to be parsed (document_idle) before it runs
  // this, so the page is read at once. Should it ever run in a page still parsing, it reads once
  // the DOM is there. The look is this script's result: a promise executeScript waits for.
  let started = false;
  const first = new Promise((resolve) => {
    const startOnce = timed(function startOnce() {
      if (started) return;
      started = true;
      resolve(start(true));
    });
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', startOnce, { once: true });
    else if (document.readyState === 'interactive' || typeof requestIdleCallback !== 'function') startOnce();
    else requestIdleCallback(startOnce, { timeout: 300 });
  });
  depth = 0;
  cost.by.top = performance.now() - cost.t.injected + ((globalThis.LastgateExtract && globalThis.LastgateExtract.loadMs) || 0);
  cost.ms += cost.by.top;
  cost.max = Math.max(cost.max, cost.by.top);
  return first;
})();
