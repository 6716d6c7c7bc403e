// Simulator and sweep speed: events per second with and without log files, a 60 s run, a 10,000-run sweep, memory.
// Run standalone with `node --expose-gc dist/bench/sim.js [--quick]`, or call benchSim() from the bench runner.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseConfig } from '../src/config/load.js';
import { resolveRun } from '../src/config/resolve.js';
import type { CoreRecord } from '../src/core/records.js';
import { createRunFolderSink } from '../src/sim/run-folder-sink.js';
import { DEFAULT_START_TIME } from '../src/sim/setup.js';
import { generatedMachines } from '../src/config/generated-machines.js';
import { simulate, type SimSetup } from '../src/sim/simulation.js';

const START = Date.parse(DEFAULT_START_TIME);

/** The default 3 machines (rates seeded in [1, 6] from `seed`, as a real run without rates), 0.7, 1 ms latency. */
function defaultSetup(durationSeconds: number, seed = 1): SimSetup {
  const run = resolveRun(parseConfig({ machines: generatedMachines(3) }), { seed }, () => seed);
  return {
    machines: run.ids.map((id) => ({ id, rate: run.rates.get(id)! })),
    internalProbability: 0.7,
    seed,
    durationSeconds,
    delayMs: [1, 1],
    startTime: START,
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const round = (x: number, digits = 0): number => Number(x.toFixed(digits));

/** Ticks per second of wall time (best of `repeats`), with records going to `sink`. */
function throughput(setup: SimSetup, repeats: number, openSink: () => { write(r: CoreRecord): void; close(): void }) {
  let best = 0;
  let ticks = 0;
  let deliveries = 0;
  for (let i = 0; i < repeats; i++) {
    const sink = openSink();
    const began = performance.now();
    const result = simulate(setup, (r) => sink.write(r));
    sink.close();
    const seconds = (performance.now() - began) / 1000;
    ticks = result.ticks;
    deliveries = result.deliveries;
    best = Math.max(best, ticks / seconds);
  }
  return { eventsPerSecond: round(best), ticks, deliveries };
}

function sixtySecondRun(runs: number, dir: string) {
  const setup = defaultSetup(60);
  const noop = () => {};
  let began = performance.now();
  simulate(setup, noop);
  const firstMs = performance.now() - began;
  const noLogs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = { ...setup, seed: i + 2 };
    began = performance.now();
    simulate(s, noop);
    noLogs.push(performance.now() - began);
  }
  const withLogs: number[] = [];
  for (let i = 0; i < Math.min(runs, 50); i++) {
    began = performance.now();
    const sink = createRunFolderSink(join(dir, `run-${i}`), [1, 2, 3]);
    simulate({ ...setup, seed: i + 2 }, (r) => sink.write(r));
    sink.close();
    withLogs.push(performance.now() - began);
  }
  return {
    firstRunInProcessMs: round(firstMs, 3),
    noLogs: { medianMs: round(median(noLogs), 3), p99Ms: round(percentile(noLogs, 99), 3) },
    withLogFiles: { medianMs: round(median(withLogs), 3), p99Ms: round(percentile(withLogs, 99), 3) },
  };
}

/**
 * Memory while simulating `durationSeconds` with both log files written, sampled every 20,000 records: the largest
 * live heap (after a full GC at each sample, when node runs with --expose-gc) and the largest RSS, above the start.
 */
function peakMemory(durationSeconds: number, dir: string) {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  let count = 0;
  const sink = createRunFolderSink(dir, [1, 2, 3]);
  // Balanced rates, so the machines' own message queues stay short and only the driver's memory is measured.
  const setup: SimSetup = { ...defaultSetup(durationSeconds), machines: [4, 5, 6].map((rate, i) => ({ id: i + 1, rate })) };
  const result = simulate(setup, (r) => {
    sink.write(r);
    if (++count % 20_000 === 0) {
      gc?.();
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    }
  });
  sink.close();
  rmSync(dir, { recursive: true, force: true });
  const mb = (x: number) => round(x / 1024 / 1024, 1);
  return { durationSeconds, records: count, ticks: result.ticks, liveHeapAboveStartMB: mb(peakHeap - base.heapUsed), peakRssAboveStartMB: mb(peakRss - base.rss), gcExposed: !!gc };
}

/** A sweep of `runs` 60 s experiments through the real CLI (process start, workers, result files and report included). */
function sweepWallTime(runs: number, workers: number, dir: string) {
  const spec = join(dir, 'sweep.json');
  writeFileSync(spec, JSON.stringify({ name: 'bench', seeds: runs / 2, grid: { rateRange: [[1, 6]], internalProbability: [0.2, 0.7], durationSeconds: 60 } }));
  const script = fileURLToPath(new URL('../scripts/sweep.js', import.meta.url));
  const began = performance.now();
  const child = spawnSync(process.execPath, [script, spec, '--out', join(dir, 'out'), '--workers', String(workers), '-q'], { encoding: 'utf8' });
  const seconds = (performance.now() - began) / 1000;
  if (child.status !== 0) throw new Error(`sweep failed: ${child.stderr}`);
  return { runs, workers, wallSeconds: round(seconds, 2), runsPerSecond: round(runs / seconds) };
}

export async function benchSim(opts: { quick?: boolean } = {}): Promise<object> {
  const quick = opts.quick ?? false;
  const dir = mkdtempSync(join(tmpdir(), 'bench-sim-'));
  try {
    const noSink = { write() {}, close() {} };
    const long = defaultSetup(quick ? 20_000 : 200_000);
    const withLogsSetup = defaultSetup(quick ? 2_000 : 20_000);
    let folder = 0;
    return {
      machines: long.machines.map((m) => m.rate).join('/'),
      noLogFiles: { ...throughput(long, 3, () => noSink), goal: 2_000_000 },
      bothLogFiles: { ...throughput(withLogsSetup, 2, () => createRunFolderSink(join(dir, `logs-${folder++}`), [1, 2, 3])), goal: 300_000 },
      sixtySecondRun: { ...sixtySecondRun(quick ? 50 : 500, join(dir, 'sixty')), goalMs: 10 },
      sweep: { ...sweepWallTime(quick ? 1_000 : 10_000, 2, dir), goalSeconds: quick ? 6 : 60 },
      memory: (quick ? [1_000, 10_000] : [1_000, 10_000, 100_000]).map((d) => peakMemory(d, join(dir, `mem-${d}`))),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchSim({ quick: process.argv.includes('--quick') });
  process.stdout.write(JSON.stringify(figures, null, 2) + '\n');
}
