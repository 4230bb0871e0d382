// The Vite consumer's page: imports the package by name like any app would, runs a recovery
// decision and a page verdict, and shows them (tests/npm/vite.test.mjs reads the page).
import { Engine, extractObservation, version } from 'lastgate';

const created = Engine.create();
const out = { version: version(), created: created.ok };
if (created.ok) {
  out.recovery = created.value.assessRecovery({
    identity: { kind: 'human', privileged: true }, action: 'mfa_reset', channel: 'help_desk',
    evidence: ['knowledge_based'], requester: 'caller claiming to be bob-admin@corp.example',
  });
  const obs = extractObservation(document);
  out.page = obs.ok ? created.value.assessPage(obs.value) : obs;
} else {
  out.errors = created.errors;
}
document.getElementById('version').textContent = out.version;
document.getElementById('decision').textContent = JSON.stringify(out.recovery ?? out.errors, null, 2);
window.__lastgateApp = out;
