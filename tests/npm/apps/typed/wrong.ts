// Must NOT type-check: tests/npm/types.test.mjs expects tsc to name each of these lines.
import { Engine } from 'lastgate';

const engine = new Engine({ mode: 'enforce-ish' });
engine.assessRecovery({ identity: { kind: 'robot' }, action: 'password_reset', channel: 'self_service', requester: 'x' });
const answer = engine.assessPage({ url: 'https://example.org/' });
void answer.value;
