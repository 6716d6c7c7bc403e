// Measurement 1: tick fidelity. Three machines at each rate 1..6 (one start-all per rate, the rates side by side),
// ticks against rate x elapsed, and tick lateness p50, p99, max from the stop records.
import { join } from 'node:path';
import { figure, maxOf, median, notMeasured, type Figure, type NotMeasured } from './figure.js';
import type { BenchPlan } from './plan.js';
import { writeBenchConfig } from './bench-config.js';
import { runStartAll } from './start-all-run.js';
import { runStats, type MachineStats } from './run-stats.js';
import { retryOnce, withWorkDir } from './work-dir.js';

export interface FidelityRow {
  rate: number;
  machines: number;
  seconds: number;
  /**
   * Per run, the machine furthest off: ticks minus the ticks due by the end of its elapsed time, floor(rate x elapsed)
   * (negative = fewer ticks). Elapsed runs to the stop record, a few ms after ticking stopped, so -1 can be honest.
   */
  tickDeviation: Figure;
  /** Per run, floor(rate x elapsed) of that machine, for scale. */
  expectedTicks: Figure;
  /** Per run: median of the machines' p50, the worst machine's p99, the worst max. */
  lagP50Ms: Figure;
  lagP99Ms: Figure;
  lagMaxMs: Figure;
}

export type FidelityResult = { rows: (FidelityRow | (NotMeasured & { rate: number }))[] };

const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

async function oneRun(dir: string, rate: number, run: number, plan: BenchPlan['fidelity']): Promise<MachineStats[]> {
  return retryOnce(async (attempt) => {
    const config = await writeBenchConfig(dir, `rate-${rate}-run-${run}-${attempt}.json`, plan.machines);
    const result = await runStartAll({
      config,
      dir: join(dir, `rate-${rate}-run-${run}-${attempt}`),
      durationSeconds: plan.seconds,
      rates: ids(plan.machines).map(() => rate),
      seed: 100 + run,
      staggerMs: 100,
    });
    return runStats(result, ids(plan.machines));
  });
}

export function fidelityRow(rate: number, plan: BenchPlan['fidelity'], runs: MachineStats[][]): FidelityRow {
  const due = (m: MachineStats) => Math.floor(m.expectedTicks);
  const worst = runs.map((ms) => ms.reduce((a, b) => (Math.abs(b.ticks - due(b)) > Math.abs(a.ticks - due(a)) ? b : a)));
  return {
    rate,
    machines: plan.machines,
    seconds: plan.seconds,
    tickDeviation: figure(worst.map((m) => m.ticks - due(m)), 0),
    expectedTicks: figure(worst.map(due), 0),
    lagP50Ms: figure(runs.map((ms) => median(ms.map((m) => m.lagP50Ms)))),
    lagP99Ms: figure(runs.map((ms) => maxOf(ms.map((m) => m.lagP99Ms)))),
    lagMaxMs: figure(runs.map((ms) => maxOf(ms.map((m) => m.lagMaxMs)))),
  };
}

/** The rates in rounds of `size` run side by side, the slow ones paired with the fast ones: [1, 6], [2, 5], [3, 4]. */
export function rounds(rates: readonly number[], size: number): number[][] {
  const sorted = [...rates].sort((a, b) => a - b);
  const order: number[] = [];
  while (sorted.length) {
    order.push(sorted.shift()!);
    if (sorted.length) order.push(sorted.pop()!);
  }
  const result: number[][] = [];
  for (let i = 0; i < order.length; i += size) result.push(order.slice(i, i + size));
  return result;
}

export async function measureFidelity(plan: BenchPlan['fidelity'], progress: (line: string) => void): Promise<FidelityResult> {
  return withWorkDir('fidelity', async (dir) => {
    const perRate = new Map<number, MachineStats[][] | Error>(plan.rates.map((r) => [r, []]));
    for (let run = 1; run <= plan.runs; run++) {
      for (const round of rounds(plan.rates, plan.sideBySide)) {
        progress(`tick fidelity: run ${run}/${plan.runs}, rates ${round.join(', ')} side by side for ${plan.seconds} s`);
        const outcomes = await Promise.allSettled(round.map((rate) => oneRun(dir, rate, run, plan)));
        outcomes.forEach((o, i) => {
          const rate = round[i]!;
          const list = perRate.get(rate);
          if (!Array.isArray(list)) return;
          perRate.set(rate, o.status === 'fulfilled' ? [...list, o.value] : (o.reason as Error));
        });
      }
    }
    return {
      rows: plan.rates.map((rate) => {
        const runs = perRate.get(rate)!;
        return runs instanceof Error ? { rate, ...notMeasured(runs.message) } : fidelityRow(rate, plan, runs);
      }),
    };
  });
}
