// Shared rendering for the portal pages. Everything the engine returns is shown as text (never as
// HTML): reasons and errors may quote page content.

/** `el('li', {class: 'x'}, 'text', child…)` */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

export function badge(word) {
  return el('span', { class: `badge ${word}`, 'data-testid': 'badge' }, word.replace('_', ' '));
}

export function reasonList(reasons) {
  return el('ul', { class: 'reasons' }, ...reasons.map((r) => el('li', { 'data-reason': r.id }, r.message, el('span', { class: 'refs' }, `${r.id}${r.refs.length ? ' · ' + r.refs.join(' · ') : ''}`))));
}

export function errorList(errors) {
  return el('ul', { class: 'errors', 'data-testid': 'errors' }, ...errors.map((e) => el('li', { 'data-path': e.path }, e.path ? `${e.path}: ${e.message}` : e.message)));
}

export const EVIDENCE_LABELS = {
  recovery_code: 'a saved or issued recovery code',
  recovery_contact: 'a code sent to the recovery contact',
  reproofing: 'identity re-proofing (ID check)',
  existing_authenticator: 'an authenticator already bound to the account',
  second_person_approval: "a second person's approval",
  knowledge_based: 'answers to knowledge questions',
};

/** The decision line and the list of missing evidence, for a RecoveryDecision; `said` per decision. */
export function decisionView({ decision, missing }, said, missingHeading) {
  const parts = [el('p', { 'data-testid': 'decision', 'data-decision': decision }, badge(decision), ' ', said[decision])];
  if (missing.length) {
    parts.push(el('p', {}, missingHeading), el('ul', { class: 'missing', 'data-testid': 'missing' }, ...missing.map((m) => el('li', { 'data-evidence': m }, EVIDENCE_LABELS[m] ?? m))));
  }
  return parts;
}
