// A simulated run and a real run (npm run start-all, TCP) of the same config agree in what timing noise cannot change:
// tick counts per machine, the mix of events within sampling error, and which machine's queue builds up.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MachineRecord, StopRecord } from '../../src/core/records.js';
import { DEFAULT_START_TIME } from '../../src/sim/setup.js';
import { simulate } from '../../src/sim/simulation.js';
import { freePorts } from '../helpers/ports.js';
import { runScript } from './run-script.js';

const RATES = [1, 8, 8];
const DURATION = 5;
const INTERNAL = 0.3;
const KINDS = ['internal', 'send', 'receive'] as const;

interface MachineView {
  ticks: number;
  shares: Record<(typeof KINDS)[number], number>;
  endQueue: number;
  maxQueue: number;
}

function view(records: readonly { event: string; machine: number }[], id: number): MachineView {
  const own = records.filter((r) => r.machine === id);
  const ticks = own.filter((r) => (KINDS as readonly string[]).includes(r.event)).length;
  const share = (k: string) => own.filter((r) => r.event === k).length / Math.max(1, ticks);
  const stop = own.find((r) => r.event === 'stop') as StopRecord<unknown> | undefined;
  return { ticks, shares: { internal: share('internal'), send: share('send'), receive: share('receive') }, endQueue: stop?.queue ?? -1, maxQueue: stop?.maxQueue ?? -1 };
}

function readRun(dir: string): MachineRecord[] {
  return [1, 2, 3].flatMap((id) =>
    readFileSync(join(dir, `machine-${id}.jsonl`), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as MachineRecord),
  );
}

/** Mean and standard deviation of each machine's event shares over many simulated seeds: the sampling error. */
function referenceShares(seeds: number) {
  const samples = [1, 2, 3].map(() => KINDS.map(() => [] as number[]));
  for (let seed = 1000; seed < 1000 + seeds; seed++) {
    const records: { event: string; machine: number }[] = [];
    simulate(
      { machines: RATES.map((rate, i) => ({ id: i + 1, rate })), internalProbability: INTERNAL, seed, durationSeconds: DURATION, delayMs: [1, 1], startTime: Date.parse(DEFAULT_START_TIME) },
      (r) => records.push(r),
    );
    [1, 2, 3].forEach((id, m) => KINDS.forEach((k, j) => samples[m]![j]!.push(view(records, id).shares[k])));
  }
  return samples.map((perKind) =>
    perKind.map((xs) => {
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      return { mean, sd: Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)) };
    }),
  );
}

describe('simulated and real runs of the same config', () => {
  let cwd: string;
  beforeEach(() => (cwd = mkdtempSync(join(tmpdir(), 'sim-vs-real-'))));
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('agree on tick counts, event mix (within sampling error) and which machine\'s queue builds up', async () => {
    const ports = await freePorts(3);
    const machines = Object.fromEntries(ports.map((port, i) => [String(i + 1), { host: '127.0.0.1', port }]));
    writeFileSync(join(cwd, 'config.json'), JSON.stringify({ machines, staggerMs: 50 }));
    const args = ['-c', 'config.json', '-d', String(DURATION), '-r', RATES.join(','), '-s', '7', '-p', String(INTERNAL), '-q'];

    const real = runScript('start-all', [...args, '-l', 'real'], cwd);
    expect(real.code).toBe(0);
    expect(runScript('simulate', [...args, '-l', 'sim'], cwd).code).toBe(0);
    const realRun = readRun(join(cwd, 'real'));
    const simRun = readRun(join(cwd, 'sim'));
    const reference = referenceShares(300);

    for (const [m, id] of [1, 2, 3].entries()) {
      const r = view(realRun, id);
      const s = view(simRun, id);
      // Tick counts: the schedule is the same; a real machine may tick from a little before the others connect.
      expect(Math.abs(r.ticks - s.ticks)).toBeLessThanOrEqual(2 + 0.02 * s.ticks);
      expect(s.ticks).toBe(RATES[m]! * DURATION);
      // Event mix: both runs' shares lie within 4 standard deviations of the simulated mean over 300 seeds.
      KINDS.forEach((kind, j) => {
        const { mean, sd } = reference[m]![j]!;
        for (const run of [r, s]) expect({ id, kind, off: Math.abs(run.shares[kind] - mean) <= 4 * sd + 0.02 }).toEqual({ id, kind, off: true });
      });
    }
    // The slow machine's queue builds up in both; the fast ones keep up.
    for (const run of [realRun, simRun]) {
      const [slow, fast1, fast2] = [1, 2, 3].map((id) => view(run, id));
      expect(slow!.endQueue).toBeGreaterThanOrEqual(10);
      expect(Math.max(fast1!.endQueue, fast2!.endQueue)).toBeLessThanOrEqual(2);
      expect(Math.max(fast1!.maxQueue, fast2!.maxQueue)).toBeLessThanOrEqual(3);
    }
  });
});
