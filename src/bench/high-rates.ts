// Measurement 2: high rates. Three machines at 1,000 and at 5,000 ticks per second with both log files written:
// ticks against rate x elapsed, lateness, whether every log line reached both files, CPU and memory per machine.
import { join } from 'node:path';
import { figure, maxOf, median, notMeasured, type Figure, type NotMeasured } from './figure.js';
import type { BenchPlan } from './plan.js';
import { writeBenchConfig } from './bench-config.js';
import { runStartAll } from './start-all-run.js';
import { runStats, type MachineStats } from './run-stats.js';
import { retryOnce, withWorkDir } from './work-dir.js';
import { maxMachineFigure } from './machine-figures.js';

export interface HighRateRow {
  rate: number;
  machines: number;
  seconds: number;
  /** Per run, the machine furthest from rate x elapsed: (ticks / expected - 1) in percent. */
  tickErrorPercent: Figure;
  lagP50Ms: Figure;
  lagP99Ms: Figure;
  lagMaxMs: Figure;
  /** Per run, the busiest machine's CPU (percent of one core) and the largest resident memory (MB). */
  cpuPercent: Figure | NotMeasured;
  peakRssMb: Figure | NotMeasured;
  /** Lines in machine-<id>.jsonl per run (sum over machines), and whether every machine's two files matched line for line. */
  logLines: Figure;
  logsComplete: boolean;
}

export type HighRatesResult = { rows: (HighRateRow | (NotMeasured & { rate: number }))[] };

const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const tickError = (m: MachineStats) => (m.ticks / m.expectedTicks - 1) * 100;

export function highRateRow(rate: number, plan: BenchPlan['highRates'], runs: MachineStats[][]): HighRateRow {
  return {
    rate,
    machines: plan.machines,
    seconds: plan.seconds,
    tickErrorPercent: figure(runs.map((ms) => ms.map(tickError).reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a))), 3),
    lagP50Ms: figure(runs.map((ms) => median(ms.map((m) => m.lagP50Ms)))),
    lagP99Ms: figure(runs.map((ms) => maxOf(ms.map((m) => m.lagP99Ms)))),
    lagMaxMs: figure(runs.map((ms) => maxOf(ms.map((m) => m.lagMaxMs)))),
    cpuPercent: maxMachineFigure(runs, (m) => m.cpuPercent),
    peakRssMb: maxMachineFigure(runs, (m) => m.peakRssMb),
    logLines: figure(runs.map((ms) => ms.reduce((n, m) => n + m.jsonlLines, 0)), 0),
    logsComplete: runs.every((ms) => ms.every((m) => m.logsComplete)),
  };
}

export async function measureHighRates(plan: BenchPlan['highRates'], progress: (line: string) => void): Promise<HighRatesResult> {
  return withWorkDir('high-rates', async (dir) => {
    const rows: HighRatesResult['rows'] = [];
    for (const rate of plan.rates) {
      const runs: MachineStats[][] = [];
      try {
        for (let run = 1; run <= plan.runs; run++) {
          progress(`high rates: ${plan.machines} machines at ${rate}/s for ${plan.seconds} s, run ${run}/${plan.runs}`);
          runs.push(
            await retryOnce(async (attempt) => {
              const name = `rate-${rate}-run-${run}-${attempt}`;
              const config = await writeBenchConfig(dir, `${name}.json`, plan.machines);
              const result = await runStartAll({
                config,
                dir: join(dir, name),
                durationSeconds: plan.seconds,
                rates: ids(plan.machines).map(() => rate),
                seed: 200 + run,
                staggerMs: 100,
              });
              return runStats(result, ids(plan.machines));
            }),
          );
        }
        rows.push(highRateRow(rate, plan, runs));
      } catch (err) {
        rows.push({ rate, ...notMeasured((err as Error).message) });
      }
    }
    return { rows };
  });
}
