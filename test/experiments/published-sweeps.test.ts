// The published sweeps (experiments/delay-sweep, fault-sweep and jump-sweep) are what their specs give with this code,
// byte for byte, as NOTEBOOK.md says: a change to the simulator, the metrics or the report that changes them fails here
// until they are written again (`npm run sweep -- experiments/<name>.json --out <new folder>`, then copied over).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScript, tempDir } from '../helpers/cli.js';
import { fromRoot } from '../helpers/repo.js';

test.each(['delay-sweep', 'fault-sweep', 'jump-sweep'])('npm run sweep -- experiments/%s.json writes the published results again, byte for byte', async (name) => {
  const out = join(tempDir('lamport-published-sweep-'), name);
  const r = await runScript('sweep', [fromRoot('experiments', `${name}.json`), '--out', out, '-q', '--workers', '1']);
  expect([r.exitCode, r.stderr]).toEqual([0, '']);
  const differing = ['results.csv', 'results.json', 'machines.csv', 'report.html'].filter((f) => !readFileSync(join(out, f)).equals(readFileSync(fromRoot('experiments', name, f))));
  expect(differing).toEqual([]);
});
