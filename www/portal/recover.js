// Self-service recovery: before the user confirms, explain what this reset would restore. The page
// reads itself as the extension would (extractObservation + assessPage: which flow, privileged,
// token-backed), and asks assessRecovery whether the evidence the user has is enough.
import { Engine, extractObservation } from 'lastgate';
import { decisionView, el, reasonList } from './common.js';

// The portal's directory: what each account can reach (a real portal reads its IdP).
// Only the chosen account's description is on the page, so the page reads as what it would reset.
const ACCOUNTS = [
  { id: 'alice@corp.example', about: 'Alice Martin, Finance: mail, calendar and the expenses app.', privileged: false, token_backed: false },
  { id: 'alice.ops@corp.example', about: 'Global administrator of the production tenant: every user, every role, every subscription.', privileged: true, token_backed: false },
  { id: 'deploy-bot@corp.example', about: 'CI service account; its API tokens deploy to production (owner: Alice Martin).', privileged: false, token_backed: true, kind: 'service_account', owner: 'alice@corp.example' },
];

const engine = new Engine();
const $ = (id) => document.getElementById(id);
for (const [i, a] of ACCOUNTS.entries()) {
  $('accounts').append(el('label', { class: 'check' }, el('input', { type: 'radio', name: 'account', value: a.id, ...(i === 0 ? { checked: '' } : {}) }), a.id));
}
$('accounts').append(el('p', { id: 'about', class: 'lead' }));

const account = () => ACCOUNTS.find((a) => a.id === document.querySelector('input[name=account]:checked').value);

/** The page as the extension would read it, without our own explanation (it must not feed back). */
function readPage() {
  const panel = $('explain-panel');
  panel.hidden = true;
  const observed = extractObservation(document);
  panel.hidden = false;
  return observed.ok ? engine.assessPage(observed.value) : observed;
}

const FLOW_WORDS = {
  password_reset: 'sets a new password', recovery_factor_change: 'changes how the account is recovered',
  credential_reissue: 'issues a new credential', reauthentication: 're-opens a privileged session',
};

function explain() {
  const a = account();
  $('about').textContent = a.about;
  const page = readPage();
  const evidence = [...document.querySelectorAll('input[name=evidence]:checked')].map((i) => i.value);
  const out = $('explain');
  out.replaceChildren();
  if (!page.ok) {
    out.append(el('p', {}, `Lastgate could not read this page: ${page.errors[0].message}`));
    return;
  }
  const v = page.value;
  const privileged = v.privileged || a.privileged;
  const tokenBacked = v.token_backed || a.token_backed;
  const what = FLOW_WORDS[v.flow] ?? 'changes access to the account';
  const restores = privileged && tokenBacked ? 'administrator rights and API credentials'
    : privileged ? 'administrator rights' : tokenBacked ? 'API tokens that work without you' : 'an ordinary account';
  out.append(el('div', { class: privileged || tokenBacked ? 'explain' : 'explain calm', 'data-testid': 'restores' },
    el('strong', {}, `This ${what} for ${a.id}.`), ' ', `Confirming restores ${restores}.`));
  out.append(el('div', { class: 'facts', 'data-testid': 'page-verdict', 'data-flow': v.flow },
    el('span', {}, `page: ${v.flow}`), el('span', {}, `engine action: ${v.action}`), el('span', {}, `privileged: ${privileged ? 'yes' : 'no'}`), el('span', {}, `token-backed: ${tokenBacked ? 'yes' : 'no'}`)));

  const request = {
    identity: { kind: a.kind ?? 'human', privileged, token_backed: tokenBacked, ...(a.owner ? { owner: a.owner } : {}) },
    action: 'password_reset', channel: 'self_service', evidence, requester: a.id,
  };
  const answer = engine.assessRecovery(request);
  if (!answer.ok) {
    out.append(el('p', {}, `Lastgate could not assess the request: ${answer.errors[0].message}`));
    $('confirm').disabled = true;
    return;
  }
  const { decision, missing, reasons } = answer.value;
  const said = { allow: 'You can reset the password now.', step_up: 'You need more proof before this reset.', deny: 'This reset cannot be done here.' };
  out.append(...decisionView(answer.value, said, 'Still needed:'));
  if (missing.some((m) => m === 'reproofing' || m === 'second_person_approval')) {
    out.append(el('p', {}, 'Those cannot be done on this page: call the IT help desk, who will check your ID and ask a second administrator to approve.'));
  }
  out.append(reasonList(reasons));
  $('confirm').disabled = decision !== 'allow';
}

$('reset').addEventListener('change', explain);
$('reset').addEventListener('submit', (e) => {
  e.preventDefault();
  $('done').hidden = false;
  $('done').textContent = `Demo: the password of ${account().id} would be reset now, and its owner notified.`;
});
explain();
document.body.dataset.ready = 'true';
