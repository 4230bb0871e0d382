// Playground: URL + referrer + HTML (or a corpus page) + policy → verdict. The HTML is rendered in
// a sandboxed frame without scripts, read with the extension's extractor (extractObservation), and
// the URL and referrer the user typed stand in for the frame's own.
import { Engine, extractObservation } from 'lastgate';
import { badge, el, errorList, reasonList } from './common.js';

const $ = (id) => document.getElementById(id);
let corpus = [];

async function loadCorpusList() {
  try {
    const res = await fetch('/corpus/labels.json');
    if (!res.ok) return;
    corpus = (await res.json()).pages.filter((p) => !p.late);
    for (const [i, p] of corpus.entries()) $('corpus').append(el('option', { value: String(i) }, `${p.file.replace('pages/', '')} — ${p.flow}`));
  } catch {
    // Served without the corpus (a static host): the picker stays empty.
  }
}

$('corpus').addEventListener('change', async () => {
  const p = corpus[Number($('corpus').value)];
  if (!p || $('corpus').value === '') return;
  $('url').value = p.url;
  $('referrer').value = p.referrer ?? '';
  $('html').value = await (await fetch(`/corpus/${p.file}`)).text();
  await assess();
});

/** Renders `html` in the sandboxed frame (no scripts) and resolves with its document. */
function render(html) {
  return new Promise((resolve) => {
    const frame = $('frame');
    frame.addEventListener('load', () => resolve(frame.contentDocument), { once: true });
    frame.srcdoc = html;
  });
}

function show(answerOrErrors, heading) {
  const out = $('result');
  out.replaceChildren(el('p', {}, heading), errorList(answerOrErrors));
  $('verdict-json').textContent = '';
}

async function assess() {
  let policy;
  const text = $('policy').value.trim();
  try {
    policy = text ? JSON.parse(text) : undefined;
  } catch (e) {
    return show([{ path: 'policy', message: `not JSON: ${e.message}` }], 'The policy is not valid:');
  }
  const created = Engine.create(policy);
  if (!created.ok) return show(created.errors.map((e) => ({ ...e, path: `policy${e.path ? '.' + e.path : ''}` })), 'The policy is not valid:');
  const engine = created.value;
  const doc = await render($('html').value);
  const observed = extractObservation(doc);
  if (!observed.ok) return show(observed.errors, 'The page could not be read:');
  const observation = { ...observed.value, url: $('url').value.trim(), referrer: $('referrer').value.trim() };
  const answer = engine.assessPage(observation);
  engine.free();
  $('observation-json').textContent = JSON.stringify(observation, null, 2);
  if (!answer.ok) return show(answer.errors, 'The page cannot be assessed:');
  const v = answer.value;
  const out = $('result');
  out.replaceChildren(
    el('p', { 'data-testid': 'action', 'data-action': v.action }, badge(v.action), ' ', v.flow === 'none' ? 'No recovery or approval flow on this page.' : `Flow: ${v.flow}`),
    el('div', { class: 'facts' }, el('span', {}, `risk ${v.risk}`), el('span', {}, `privileged: ${v.privileged ? 'yes' : 'no'}`), el('span', {}, `token-backed: ${v.token_backed ? 'yes' : 'no'}`),
      ...(v.hold.length ? [el('span', {}, `holds: ${v.hold.join(', ')}`)] : [])),
    reasonList(v.reasons),
  );
  $('verdict-json').textContent = JSON.stringify(v, null, 2);
  $('verdict-json').dataset.verdict = JSON.stringify(v);
}

$('assess').addEventListener('click', () => assess());
await loadCorpusList();
document.body.dataset.ready = 'true';
