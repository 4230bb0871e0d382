// The OTLP/HTTP JSON receiver (tests/otlp/receiver.py, official protobuf definitions) as a child
// process the tests can stop and restart on the same port.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './corpus.mjs';

const PYTHON = join(ROOT, 'target', 'otlp-venv', 'bin', 'python');
const SCRIPT = join(ROOT, 'tests', 'otlp', 'receiver.py');

export async function startReceiver(port = 0) {
  const child = spawn(PYTHON, [SCRIPT, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const chosen = await new Promise((resolve, reject) => {
    let out = '';
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`OTLP receiver exited with ${code} (run scripts/setup.sh: it creates target/otlp-venv)`)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
  });
  child.removeAllListeners('exit');
  const base = `http://127.0.0.1:${chosen}`;
  return {
    port: chosen,
    endpoint: `${base}/v1/logs`,
    async received() {
      return (await fetch(`${base}/received`)).json();
    },
    /** What has arrived, once `done(got)` holds or `timeoutMs` has passed (then as it stands). */
    async receivedWhen(done, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const got = await this.received();
        if (done(got) || Date.now() >= deadline) return got;
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async failNext(n) {
      await fetch(`${base}/fail?n=${n}`, { method: 'POST' });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await done;
    },
  };
}
