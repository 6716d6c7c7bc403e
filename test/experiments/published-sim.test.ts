// The published simulated results (experiments/sim and experiments/hypothesis) are what `npm run experiments -- --sim`
// writes with this code, byte for byte, as NOTEBOOK.md says a clone can check: a change to the analysis, the report or
// the simulator that changes them fails here until they are written again (`npm run experiments -- --sim`).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runScript, tempDir } from '../helpers/cli.js';
import { fromRoot } from '../helpers/repo.js';
import { publishedStudyLine } from '../../src/experiments/experiments-command.js';

/** The machine logs a run writes: ignored by git, so not published (a checkout that ran experiments has them). */
const MACHINE_LOG = /(^|\/)machine-\d+\.(jsonl|log)$/;

/** Every published file under `dir` (machine logs left out), as paths relative to it, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => !MACHINE_LOG.test(f) && statSync(join(dir, f)).isFile())
    .sort();
}

test('npm run experiments -- --sim writes the published experiments/sim and experiments/hypothesis again, byte for byte', async () => {
  const dir = tempDir('lamport-published-');
  // Run from a folder of its own, so that its default --out (experiments, relative) is there, not in the repository,
  // with the published plan where the default --plan finds it (summary.md names a --plan given).
  mkdirSync(join(dir, 'experiments'));
  copyFileSync(fromRoot('experiments', 'plan.json'), join(dir, 'experiments', 'plan.json'));
  const r = await runScript('experiments', ['--sim', '-c', fromRoot('config.json')], {
    cwd: dir,
    env: { INIT_CWD: dir, npm_lifecycle_script: '' },
  });
  expect([r.exitCode, r.stderr]).toEqual([0, '']);
  // Into the published results (the default --out): said first, the experiments' line, then the study's.
  expect(String(r.stdout).split('\n').slice(0, 2)).toEqual([
    expect.stringMatching(/^experiments: 14 simulated experiments into experiments\/sim, each replacing its published results once it has completed; /),
    publishedStudyLine('experiments/hypothesis'),
  ]);
  for (const part of ['sim', 'hypothesis']) {
    const written = join(dir, 'experiments', part);
    const published = fromRoot('experiments', part);
    expect(filesUnder(written)).toEqual(filesUnder(published));
    const differing = filesUnder(published).filter((f) => !readFileSync(join(written, f)).equals(readFileSync(join(published, f))));
    expect(differing.map((f) => relative(fromRoot(), join(published, f)))).toEqual([]);
  }
});
