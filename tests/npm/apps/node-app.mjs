// A Node program using the published package the way a portal's back end would: `import … from
// 'lastgate'` (the `node` export condition). Input on stdin: {pages: [{file, path, url, referrer}],
// requests: [request…]}. Output on stdout: the answers, as JSON.
import { readFileSync } from 'node:fs';
import { Engine, validatePolicy, version } from 'lastgate';
import { guardPage, wouldGrantPrivilegedOrTokenAccess } from 'lastgate/agent';

const input = JSON.parse(readFileSync(0, 'utf8'));
const engine = new Engine();
const out = {
  version: version(),
  agentExports: [typeof guardPage, typeof wouldGrantPrivilegedOrTokenAccess],
  pages: input.pages.map((p) => ({ file: p.file, answer: engine.assessHtml(readFileSync(p.path, 'utf8'), { url: p.url, referrer: p.referrer }) })),
  recoveries: input.requests.map((r) => engine.assessRecovery(r)),
  policy: validatePolicy({ actions: { resett: 'block' } }),
};
process.stdout.write(JSON.stringify(out));
