// Help-desk console: the operator describes a recovery request; engine.assessRecovery decides.
import { Engine } from 'lastgate';
import examples from '../../docs/examples/recovery-requests.json';
import { decisionView, el, errorList, EVIDENCE_LABELS, reasonList } from './common.js';

const engine = new Engine();
const $ = (id) => document.getElementById(id);

for (const key of Object.keys(EVIDENCE_LABELS)) {
  $('evidence').append(el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'evidence', value: key }), EVIDENCE_LABELS[key]));
}
for (const [i, ex] of examples.examples.entries()) $('preset').append(el('option', { value: String(i) }, ex.name));

function readForm() {
  const evidence = [...document.querySelectorAll('input[name=evidence]:checked')].map((i) => i.value);
  const request = {
    identity: { kind: $('kind').value, privileged: $('privileged').checked, token_backed: $('token_backed').checked },
    action: $('action').value,
    channel: $('channel').value,
    evidence,
    requester: $('requester').value,
  };
  if ($('owner').value.trim()) request.identity.owner = $('owner').value.trim();
  if ($('approver').value.trim()) request.approver = $('approver').value.trim();
  if ($('approver_via').value) request.approver_via = $('approver_via').value;
  const recent = Number($('recent').value || 0);
  if (recent || $('new_device').checked) request.history = { recoveries_last_30_days: recent, new_device: $('new_device').checked };
  return request;
}

function fillForm(r) {
  $('kind').value = r.identity.kind;
  $('privileged').checked = Boolean(r.identity.privileged);
  $('token_backed').checked = Boolean(r.identity.token_backed);
  $('owner').value = r.identity.owner ?? '';
  $('action').value = r.action;
  $('channel').value = r.channel;
  for (const i of document.querySelectorAll('input[name=evidence]')) i.checked = (r.evidence ?? []).includes(i.value);
  $('requester').value = r.requester;
  $('approver').value = r.approver ?? '';
  $('approver_via').value = r.approver_via ?? '';
  $('recent').value = r.history?.recoveries_last_30_days ?? 0;
  $('new_device').checked = Boolean(r.history?.new_device);
}

function assess() {
  const request = readForm();
  $('json').textContent = JSON.stringify(request, null, 2);
  const answer = engine.assessRecovery(request);
  const out = $('result');
  out.replaceChildren();
  if (!answer.ok) {
    out.append(el('p', {}, 'The request cannot be assessed:'), errorList(answer.errors));
    return;
  }
  const said = { allow: 'The recovery may go ahead.', step_up: 'Gather more evidence before going ahead.', deny: 'Do not perform this recovery.' };
  out.append(...decisionView(answer.value, said, 'Still missing:'));
  out.append(el('p', {}, 'Why:'), reasonList(answer.value.reasons));
}

$('preset').addEventListener('change', () => {
  const ex = examples.examples[Number($('preset').value)];
  if (ex) {
    fillForm(ex.request);
    assess();
  }
});
$('request').addEventListener('submit', (e) => {
  e.preventDefault();
  assess();
});
document.body.dataset.ready = 'true';
