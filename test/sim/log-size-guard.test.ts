// The size guard of simulate: its estimate against the bytes a run really writes, units, the folder it measures.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimateLogBytes, humanBytes, nearestExisting } from '../../src/sim/log-size-guard.js';
import { simulateToFolder } from '../../src/sim/simulate-to-folder.js';
import { resolveSimulation, type SimulateOptions } from '../../src/sim/setup.js';

describe('log size guard', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sim-size-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Bytes of the machine logs a run writes (run.json aside). */
  const written = (folder: string) =>
    readdirSync(folder).filter((f) => f.startsWith('machine-')).reduce((sum, f) => sum + statSync(join(folder, f)).size, 0);

  it.each<[string, SimulateOptions, boolean, number | undefined]>([
    ['3 machines, 3000 s, link records', { rates: [6, 5, 2], duration: 3000, seed: 1 }, true, undefined],
    ['3 machines, 3000 s, from a sample of 300 ticks (numbers of 3 digits against 5)', { rates: [6, 5, 2], duration: 3000, seed: 1 }, true, 300],
    ['40 machines, 60 s, latency 0-50 ms, no link records', { machines: 40, duration: 60, seed: 2, delay: [0, 50] }, false, undefined],
    ['20 machines, 30 s, all sends', { machines: 20, duration: 30, seed: 3, internalProb: 0 }, true, undefined],
    ['a run shorter than the sample', { rates: [1, 2, 3], duration: 4, seed: 4 }, true, undefined],
  ])('estimates the logs of %s within 2.5%%', (_, options, linkRecords, sampleTicks) => {
    const resolved = resolveSimulation(options, () => 1);
    resolved.setup.connectRecords = linkRecords;
    simulateToFolder(resolved, join(dir, 'run'));
    const actual = written(join(dir, 'run'));
    const estimate = estimateLogBytes(resolved.setup, sampleTicks);
    expect(Math.abs(estimate.bytes - actual) / actual).toBeLessThan(0.025);
  });

  it('estimates within 2.5% the logs of a run whose small queues refuse frames (warn records come with the ticks)', () => {
    const resolved = resolveSimulation({ rates: [1, 6, 6], duration: 600, seed: 1, internalProb: 0.2 }, () => 1);
    resolved.setup.maxQueue = 3;
    simulateToFolder(resolved, join(dir, 'run'));
    const actual = written(join(dir, 'run'));
    expect(readFileSync(join(dir, 'run', 'machine-1.jsonl'), 'utf8')).toContain('"refused":');
    const estimate = estimateLogBytes(resolved.setup);
    expect(estimate.ticks).toBe(600 * 13);
    expect(Math.abs(estimate.bytes - actual) / actual).toBeLessThan(0.025);
  });

  it('counts the ticks of rate x duration per machine, and grows the record size with the digits of long runs', () => {
    const short = resolveSimulation({ rates: [6, 5, 2], duration: 1000, seed: 1 }, () => 1).setup;
    const long = { ...short, durationSeconds: 1e9 };
    expect(estimateLogBytes(short).ticks).toBe(13_000);
    const perTick = (s: typeof short) => estimateLogBytes(s).bytes / estimateLogBytes(s).ticks;
    expect(estimateLogBytes(long).ticks).toBe(13e9);
    expect(perTick(long)).toBeGreaterThan(perTick(short) + 10);
  });

  it('writes sizes in decimal units with one decimal', () => {
    expect([512, 1000, 20.3e9, 6.1e12, 2.5e18, 7e27].map(humanBytes)).toEqual(['512 bytes', '1.0 kB', '20.3 GB', '6.1 TB', '2.5 EB', '7000.0 YB']);
  });

  it('measures the free space of the log folder, or of its nearest existing parent', () => {
    mkdirSync(join(dir, 'a'));
    expect(nearestExisting(join(dir, 'a'))).toBe(join(dir, 'a'));
    expect(nearestExisting(join(dir, 'a', 'b', 'c'))).toBe(join(dir, 'a'));
    expect(nearestExisting('no-such-folder-here/run')).toBe('.');
  });
});
