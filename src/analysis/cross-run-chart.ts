// The cross-run chart (the second notebook's plot): max queue against rate ratio, one point per machine per run.
// Runs are told apart by colour and shape (ten colours, then the next shape: 60 runs before a pair repeats), listed
// in run order with their whole names; the y axis ends on a tick above the largest queue, and turns symmetric-log
// when a few queues dwarf the rest (then 0, 1, 2, 5, 10, 20, ... stay readable).
import type { Analysis } from './analyze.js';
import { base, type Chart } from './chart-base.js';
import type { ChartSpec } from './render-chart.js';

const COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'triangle-down', 'cross'];

/** The smallest of 1, 2, 5, 10, 20, 50, ... that is at least `x` (x > 0). */
function step125(x: number): number {
  let step = 1;
  for (;;) {
    for (const k of [1, 2, 5]) if (k * step >= x) return k * step;
    step *= 10;
  }
}

/** Whether a few large queues would squash the others against 0 on a linear axis. */
export function spansOrders(values: readonly number[]): boolean {
  const max = Math.max(0, ...values);
  return max >= 30 && values.filter((v) => v < max / 10).length >= values.length / 2;
}

/** The y scale and axis: linear with ticks of 1, 2 or 5 x 10^k ending above `max`, or symlog over 0, 1, 2, 5, 10, .... */
function queueScale(max: number, log: boolean): { scale: object; axis: object } {
  if (log) {
    const ticks = [0];
    while (ticks.at(-1)! <= max) ticks.push(step125(ticks.at(-1)! + 1));
    return { scale: { type: 'symlog', constant: 1, domain: [0, ticks.at(-1)!], nice: false }, axis: { values: ticks, format: 'd' } };
  }
  const step = step125(Math.max(max, 1) / 5);
  const top = (Math.floor(max / step) + 1) * step;
  return { scale: { domain: [0, top], nice: false }, axis: { values: Array.from({ length: top / step + 1 }, (_, i) => i * step), format: 'd' } };
}

/** Max queue against rate ratio (fastest rate in the run / machine rate), one point per machine, by run. */
export function crossRunChart(analysis: Analysis): Chart {
  const runs = analysis.runs.map((run, i) => `${i + 1}: ${run.name}`);
  const values = analysis.runs.flatMap((run, i) => {
    const rates = run.metrics.machines.map((m) => m.rate ?? 0);
    const fastest = Math.max(...rates);
    return run.metrics.machines
      .filter((m) => m.rate !== null)
      .map((m) => ({ run: runs[i]!, machine: m.machine, ratio: fastest / m.rate!, maxQueue: m.maxQueue, endQueue: m.endQueue }));
  });
  const queues = values.map((v) => v.maxQueue);
  const log = spansOrders(queues);
  const y = queueScale(Math.max(0, ...queues), log);
  const legend = { labelLimit: 1000, symbolLimit: 1000, columns: runs.length > 20 ? 2 : 1 };
  return {
    title: 'Max queue against rate ratio, all runs',
    caption:
      'One point per machine per run: the fastest rate in its run divided by its own rate (x), and its largest queue (y; the most messages waiting at once).' +
      (log ? ` The y axis is symmetric-log (0, 1, 2, 5, 10, ...) since the largest queue (${Math.max(...queues)}) is over ten times most of the others.` : ''),
    spec: {
      ...base,
      data: { values },
      mark: { type: 'point', filled: true, size: 70, opacity: 0.85, tooltip: true },
      encoding: {
        x: { field: 'ratio', type: 'quantitative', title: 'rate ratio (fastest / this machine)', scale: { zero: false, nice: false, padding: 12 } },
        y: { field: 'maxQueue', type: 'quantitative', title: log ? 'max queue (symlog)' : 'max queue', scale: y.scale, axis: y.axis },
        color: { field: 'run', type: 'nominal', title: 'run', scale: { domain: runs, range: runs.map((_, i) => COLORS[i % COLORS.length]!) }, legend },
        shape: { field: 'run', type: 'nominal', title: 'run', scale: { domain: runs, range: runs.map((_, i) => SHAPES[Math.floor(i / COLORS.length) % SHAPES.length]!) }, legend },
      },
    } as ChartSpec,
  };
}
