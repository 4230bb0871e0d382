// A typed portal back end (Node): checked by `tsc --noEmit` in make test (tests/npm/types.test.mjs).
// No @types/node here: the example needs only this much of Node.
declare const console: { log(...args: unknown[]): void; error(...args: unknown[]): void };
import { Engine, validatePolicy, type Answer, type Policy, type RecoveryDecision, type RecoveryRequest, type Verdict } from 'lastgate';
import { guardPage, assertSafeToProceed, LastgateRefusal, type Guard, type PageLike } from 'lastgate/agent';

const policy: Policy = { mode: 'enforce', actions: { device_code: 'confirm', privileged: 'block' }, trusted_hosts: ['*.corp.example'] };
const checked: Answer<null> = validatePolicy(policy);
if (!checked.ok) console.error(checked.errors.map((e) => `${e.path}: ${e.message}`));

const engine = new Engine(policy);
const request: RecoveryRequest = {
  identity: { kind: 'service_account', token_backed: true, owner: 'platform-team' },
  action: 'credential_reissue',
  channel: 'admin_console',
  evidence: ['existing_authenticator', 'second_person_approval'],
  requester: 'carol@corp.example',
  approver: 'dan@corp.example',
};
const decided: Answer<RecoveryDecision> = engine.assessRecovery(request);
if (decided.ok) {
  const d: 'allow' | 'step_up' | 'deny' = decided.value.decision;
  const firstReason: string = decided.value.reasons[0].id;
  console.log(d, decided.value.missing.join(','), firstReason);
}

const html: Answer<Verdict> = engine.assessHtml('<h1>New token</h1>', { url: 'https://github.com/settings/tokens/new', referrer: '' });
if (html.ok && html.value.token_backed) console.log(html.value.flow, html.value.action, html.value.risk.toFixed(0), html.value.hold);

export async function beforeClick(page: PageLike): Promise<boolean> {
  const guard = await guardPage(page, { engine, refuse: (v) => v.action === 'block' || v.privileged });
  if (!guard.ok) return false;
  const g: Guard = guard.value;
  if (g.refusal) console.log(g.refusal.summary, g.refusal.reasons.map((r) => r.message));
  try {
    await assertSafeToProceed(page);
  } catch (e) {
    if (e instanceof LastgateRefusal) return false;
    throw e;
  }
  return g.proceed;
}
