// A typed browser page (bundler resolution, DOM): the self-service portal's use.
import { Engine, extractObservation, type Flow, type Observation } from 'lastgate';

const engine = Engine.create();
const observed = extractObservation(document, { ui_lang: navigator.language });
if (engine.ok && observed.ok) {
  const obs: Observation = observed.value;
  const verdict = engine.value.assessPage(obs);
  const flow: Flow | undefined = verdict.ok ? verdict.value.flow : undefined;
  document.title = `${flow} ${verdict.ok ? verdict.value.reasons.map((r) => r.refs.join('; ')).join(' | ') : verdict.errors[0].path}`;
}
