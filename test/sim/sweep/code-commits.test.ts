// The commits that ran a sweep: the running one added once, and the warning a --resume gives when others ran part of it.
import { mixedCodeWarning, storedCommits, sweepCommits } from '../../../src/sweep/code-commits.js';

const a = 'a'.repeat(40);
const b = 'b'.repeat(40);

describe('sweep code commits', () => {
  test('the running commit follows the earlier ones, once; outside a git checkout the list is what it was', () => {
    expect(sweepCommits([], a)).toEqual([a]);
    expect(sweepCommits([a], a)).toEqual([a]);
    expect(sweepCommits([a], b)).toEqual([a, b]);
    expect(sweepCommits([a], null)).toEqual([a]);
  });

  test('stored commits keep only 40-hex strings', () => {
    expect(storedCommits([a, 'abc', 3, null, b])).toEqual([a, b]);
    expect(storedCommits('a')).toEqual([]);
    expect(storedCommits(undefined)).toEqual([]);
  });

  test('a resume is warned about only when another commit made finished runs', () => {
    expect(mixedCodeWarning([a], 12, b)).toBe(
      'the 12 finished runs were made by commit aaaaaaa and the rest are made by bbbbbbb: results.json lists the commits under "commits"; ' +
        'if the change touched the simulator or the metrics, run the spec again in a new --out folder',
    );
    expect(mixedCodeWarning([a], 1, b)).toMatch(/^the 1 finished run was made by commit aaaaaaa and/);
    expect(mixedCodeWarning([a], 5, a)).toBeUndefined();
    expect(mixedCodeWarning([], 5, a)).toBeUndefined();
    expect(mixedCodeWarning([a], 5, null)).toBeUndefined();
  });
});
