// The folders of a stopped sweep's unfinished runs: removed when they were written, and named in the interrupt line.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/cli.js';
import { removedClause, removeUnfinishedRuns } from '../../../src/sweep/unfinished-runs.js';

describe('removeUnfinishedRuns', () => {
  it('removes the folders of the given runs that exist, leaves the others, and names them in one clause', () => {
    const runs = join(tempDir('unfinished-'), 'runs');
    for (const name of ['run-000000', 'run-000003', 'run-000004', 'run-000005', 'run-000006']) {
      mkdirSync(join(runs, name), { recursive: true });
      writeFileSync(join(runs, name, 'machine-1.jsonl'), '{}\n');
    }
    const result = removeUnfinishedRuns(runs, [3, 4, 5, 6, 7]);
    expect(readdirSync(runs)).toEqual(['run-000000']);
    expect(result.failed).toEqual([]);
    expect(removedClause(result)).toBe(
      `; the logs of 4 unfinished runs (${join(runs, 'run-000003')}, ${join(runs, 'run-000004')}, ${join(runs, 'run-000005')}, ${join(runs, 'run-000006')}) were removed`,
    );
    expect(removedClause(removeUnfinishedRuns(runs, [9]))).toBe('');
    expect(removedClause({ removed: [join(runs, 'run-000000')], failed: [] })).toBe(`; the unfinished run's logs in ${join(runs, 'run-000000')} were removed`);
    expect(removedClause({ removed: [], failed: [{ dir: 'out/runs/run-000002', why: 'EACCES' }] })).toBe(
      '; the logs of an unfinished run could not be removed: out/runs/run-000002 (EACCES); they end mid-run',
    );
  });
});
