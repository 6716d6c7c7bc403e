// The cross-run chart (the second notebook's plot): max queue against rate ratio, one point per machine per run.
// Runs are told apart by colour and shape (both change from one run to the next: 60 runs before a pair repeats),
// listed in run order with their whole names (and internal probabilities, when the runs' differ); markers are hollow,
// and points of several runs at the same place are spread a few pixels apart (point-dodge.ts) so that none hides
// another (a real run and its simulated twin often coincide).
// The y axis ends on a tick above the largest queue, and turns symmetric-log when a few queues dwarf the rest (then
// 0, 1, 2, 5, 10, 20, ... stay readable).
import type { Analysis } from './analyze.js';
import { base, WIDTH, type Chart } from './chart-base.js';
import { MACHINE_COLOURS } from './machine-colours.js';
import { dodgeOffsets, MAX_REACH_PX } from './point-dodge.js';
import type { ChartSpec } from './render-chart.js';
import { settingCell } from './run-settings.js';

/** The machines' colour-blind-safe colours, here one per run; the shape changes with each run as well. */
const COLOURS = MACHINE_COLOURS;
const SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'triangle-down', 'cross'];
/** Run i's shape: the next one for each run, shifted by one every ten runs, so no colour and shape pair repeats before run 61. */
const shapeOf = (i: number): string => SHAPES[(i + Math.floor(i / COLOURS.length)) % SHAPES.length]!;
/** Pixels between the outermost points and the frame. */
const PADDING_PX = 12;

/** The smallest of 1, 2, 5, 10, 20, 50, ... that is at least `x` (x > 0). */
function step125(x: number): number {
  let step = 1;
  for (;;) {
    for (const k of [1, 2, 5]) if (k * step >= x) return k * step;
    step *= 10;
  }
}

/** The distance from `x` to the nearest other value of `sorted` (distinct, ascending; Infinity when there is none). */
function nearestGap(x: number, sorted: readonly number[]): number {
  return Math.min(...sorted.filter((other) => other !== x).map((other) => Math.abs(other - x)));
}

/**
 * About five round values (1, 2 or 5 times a power of ten apart) from `lo` to `hi`, and `lo` itself first when the
 * round values start more than half a step above it (the lowest ratio, 1, labelled on an axis ticked 5, 10).
 */
export function ratioTicks(lo: number, hi: number): number[] {
  // Ratios a rounding error apart (rates of 1 and 0.9999999999999999) have no round values between them.
  if (!(hi - lo > 1e-9 * Math.max(1, Math.abs(hi)))) return [Number(lo.toPrecision(12))];
  const rough = (hi - lo) / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((k) => k * power).find((s) => s >= rough * (1 - 1e-9))!;
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  const ticks = Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => Number(((first + i) * step).toPrecision(12)));
  return ticks.length === 0 || ticks[0]! - lo > step / 2 ? [Number(lo.toPrecision(3)), ...ticks] : ticks;
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
    return { scale: { type: 'symlog', constant: 1, domain: [0, ticks.at(-1)!], nice: false }, axis: { values: ticks, format: ',d' } };
  }
  const step = step125(Math.max(max, 1) / 5);
  const top = (Math.floor(max / step) + 1) * step;
  return { scale: { domain: [0, top], nice: false }, axis: { values: Array.from({ length: top / step + 1 }, (_, i) => i * step), format: ',d' } };
}

/** Max queue against rate ratio (fastest rate in the run / machine rate), one point per machine, by run. */
export function crossRunChart(analysis: Analysis): Chart {
  // Runs at different internal probabilities say theirs in the legend: at p 0.2 and 0.8 they otherwise look alike.
  const probabilities = analysis.runs.map((run) => settingCell(run, 'internalProbability'));
  const named = new Set(probabilities).size > 1;
  const pText = (p: string): string => (p === 'differ' ? 'p differs by machine' : p === '-' ? 'p not recorded' : `p ${p}`);
  const runs = analysis.runs.map((run, i) => `${i + 1}: ${run.name}${named ? ` (${pText(probabilities[i]!)})` : ''}`);
  const values = analysis.runs.flatMap((run, i) => {
    const settings = { internalProbability: probabilities[i]!, seed: settingCell(run, 'seed') };
    const rates = run.metrics.machines.map((m) => m.rate ?? 0);
    const fastest = Math.max(...rates);
    return run.metrics.machines
      .filter((m) => m.rate !== null)
      // To 12 digits: 0.3/0.1 and 3 are one place, not two a rounding error apart.
      .map((m) => ({ run: runs[i]!, machine: m.machine, ratio: Number((fastest / m.rate!).toPrecision(12)), maxQueue: m.maxQueue, endQueue: m.endQueue, ...settings }));
  });
  const queues = values.map((v) => v.maxQueue);
  const log = spansOrders(queues);
  const y = queueScale(Math.max(0, ...queues), log);
  const legend = { labelLimit: 1000, symbolLimit: 1000, columns: runs.length > 20 ? 2 : 1 };
  // Points of several runs at the same place side by side: x is drawn at the ratio plus the offset turned into ratio
  // units (the scale's domain is the ratios' extent, its padding leaves room for the outermost offsets). A point is
  // never drawn nearer another ratio than its own: a group reaches at most 40% of the way to the nearest other ratio.
  const ratios = values.map((v) => v.ratio);
  const [lo, hi] = ratios.length && Math.min(...ratios) < Math.max(...ratios) ? [Math.min(...ratios), Math.max(...ratios)] : [(ratios[0] ?? 1) - 0.5, (ratios[0] ?? 1) + 0.5];
  const distinct = [...new Set(ratios)].sort((a, b) => a - b);
  const pxPerRatio = (WIDTH - 2 * (PADDING_PX + MAX_REACH_PX)) / (hi - lo);
  const offsets = dodgeOffsets(
    values.map((v) => ({ x: v.ratio, y: v.maxQueue })),
    (x) => 0.4 * nearestGap(x, distinct) * pxPerRatio,
  );
  const padding = PADDING_PX + Math.max(0, ...offsets.map(Math.abs));
  const perPx = (hi - lo) / (WIDTH - 2 * padding);
  // What a screen reader says of a point (its aria-label): its true ratio, not where it is drawn.
  const points = values.map((v, i) => ({
    ...v,
    drawnAt: v.ratio + offsets[i]! * perPx,
    description: `rate ratio (fastest / this machine): ${Number(v.ratio.toFixed(3))}; max queue: ${v.maxQueue}; run: ${v.run}; machine: ${v.machine}; internal p: ${v.internalProbability}; seed: ${v.seed}`,
  }));
  const dodged = offsets.some((o) => o !== 0);
  return {
    key: 'queue-by-rate-ratio',
    title: 'Max queue against rate ratio, all runs',
    caption:
      'One point per machine per run: the fastest rate in its run divided by its own rate (x), and its largest queue (y; the most messages waiting at once).' +
      (dodged ? ' Points of several runs at the same place are drawn side by side, a few pixels apart.' : '') +
      (log ? ` The y axis is symmetric-log (0, 1, 2, 5, 10, ...) since the largest queue (${Math.max(...queues)}) is over ten times most of the others.` : ''),
    spec: {
      ...base,
      data: { values: points },
      // Hollow markers: where points of different runs still overlap, each outline shows through the others.
      mark: { type: 'point', filled: false, strokeWidth: 2, size: 70, opacity: 0.9 },
      encoding: {
        x: {
          field: 'drawnAt',
          type: 'quantitative',
          title: 'rate ratio (fastest / this machine)',
          scale: { domain: [lo, hi], zero: false, nice: false, padding },
          // Ticks within the ratios' extent: the padding's room left of the lowest is no ratio (none is under 1).
          axis: { values: ratioTicks(lo, hi) },
        },
        y: { field: 'maxQueue', type: 'quantitative', title: log ? 'max queue (symlog)' : 'max queue', scale: y.scale, axis: y.axis },
        color: { field: 'run', type: 'nominal', title: 'run', scale: { domain: runs, range: runs.map((_, i) => COLOURS[i % COLOURS.length]!) }, legend },
        shape: { field: 'run', type: 'nominal', title: 'run', scale: { domain: runs, range: runs.map((_, i) => shapeOf(i)) }, legend },
        // The tooltip and the description give the true ratio, not where the point is drawn.
        description: { field: 'description', type: 'nominal' },
        tooltip: [
          { field: 'run', type: 'nominal' },
          { field: 'machine', type: 'nominal' },
          { field: 'ratio', type: 'quantitative', title: 'rate ratio', format: '.3~f' },
          { field: 'maxQueue', type: 'quantitative', title: 'max queue' },
          { field: 'internalProbability', type: 'nominal', title: 'internal p' },
          { field: 'seed', type: 'nominal' },
        ],
      },
    } as ChartSpec,
  };
}
