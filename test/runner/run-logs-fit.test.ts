// Before a real run: its logs and the room kept for run.json must fit where its folder goes, or the run is refused.
import { parseConfig } from '../../src/config/load.js';
import { resolveRun } from '../../src/config/resolve.js';
import { generatedMachines } from '../../src/config/generated-machines.js';
import { checkRunLogsFit } from '../../src/runner/run-logs-fit.js';
import { tempDir } from '../helpers/cli.js';

const run = (machines: number, rate: number, durationSeconds: number, more: Record<string, unknown> = {}) =>
  resolveRun(parseConfig({ machines: generatedMachines(machines), ...more }), { rates: [rate], durationSeconds, machineCountGiven: true, seed: 1 }, () => 1);

const NOW = Date.parse('2026-12-06T00:00:00Z');

describe('a run until Ctrl+C (-d 0)', () => {
  test('refused when the disk cannot hold 10 s of its logs beside the room for run.json', () => {
    expect(() => checkRunLogsFit(run(3, 200, 0), tempDir(), NOW, () => 86_000)).toThrow(
      /^this run until Ctrl\+C writes about 1\d\d\.\d kB\/s of logs \(600 ticks\/s in all\); \/.+ has 86\.0 kB free, not enough for 10 s of them: free space there, or give a --log-dir on a disk with room$/,
    );
  });

  test('a note says when it would fill the disk within the hour; nothing when it would not', () => {
    expect(checkRunLogsFit(run(3, 100, 0), tempDir(), NOW, () => 1_048_576)).toMatch(
      /^this run until Ctrl\+C writes about \d+\.\d kB\/s of logs \(300 ticks\/s in all\): the 1\.0 MB free in \/.+ last about 0 min 1\d s; stop it before then \(Ctrl\+C\)$/,
    );
    expect(checkRunLogsFit(run(3, 100, 0), '/runs/x', NOW, () => 1e12)).toBeUndefined();
    expect(checkRunLogsFit(run(3, 100, 0), '/runs/x', NOW, () => undefined)).toBeUndefined();
  });
});

test('a run of set duration counts the ticks its first machines run before the last has started (a slow stagger)', () => {
  // 1000 machines 250 ms apart take 249.75 s to start; after connectTimeoutMs (500 ms) the first ones tick: 249.25 s more.
  // (Logs of hundreds of TB: refused on any disk, so the message shows the seconds counted.)
  const slow = run(1000, 1_000_000, 1000, { staggerMs: 250, connectTimeoutMs: 500 });
  expect(() => checkRunLogsFit(slow, tempDir(), NOW)).toThrow(/ of logs \(1249\.25 s at 1000000000 ticks\/s in all\); /);
  const together = run(1000, 1_000_000, 1000, { staggerMs: 0, connectTimeoutMs: 500 });
  expect(() => checkRunLogsFit(together, tempDir(), NOW)).toThrow(/ of logs \(1000 s at 1000000000 ticks\/s in all\); /);
});
