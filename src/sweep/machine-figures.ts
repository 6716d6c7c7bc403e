// Each machine's own figures of a sweep run (machines.csv, results.json's perMachine), from the analysis metrics of the run.
import type { RunMetrics } from '../analysis/metrics.js';
import { round4 } from './round4.js';

/** One machine's figures in one run: the per-machine values summariseMetrics takes the largest of. */
export interface MachineFigures {
  machine: number;
  /** Its ticks per second in this run (its start record's; null without one, never in a simulated run). */
  rate: number | null;
  ticks: number;
  maxQueue: number;
  endQueue: number;
  /** Its largest clock jump on a receive (0 when none moved its clock, or it received nothing). */
  maxJump: number;
  /** Its receives that moved its clock forward by more than one (jump > 0). */
  jumps: number;
  /** Its largest drift (leading clock minus its own) at any instant; 0 when it never ticked. */
  maxDrift: number;
  /** Its time-weighted mean drift, to four decimals; 0 when it never ticked. */
  meanDrift: number;
  /** The clock of its last record (its last incarnation's). */
  finalClock: number;
  /** Killed (or crashed) and not restarted: no stop record after its last start. */
  crashed: boolean;
}

/** The figures in the order machines.csv has them after `machine` (and the perMachine objects' order). */
export const MACHINE_FIGURE_NAMES = ['rate', 'ticks', 'maxQueue', 'endQueue', 'maxJump', 'jumps', 'maxDrift', 'meanDrift', 'finalClock', 'crashed'] as const;

export type MachineFigureName = (typeof MACHINE_FIGURE_NAMES)[number];

/** Each machine's figures, in machine id order, read as summariseMetrics reads them (null drift and jumps as 0). */
export function machineFigures(metrics: RunMetrics): MachineFigures[] {
  return [...metrics.machines]
    .sort((a, b) => a.machine - b.machine)
    .map((m) => {
      let jumps = 0;
      for (const [size, count] of m.jumpHistogram) if (size > 0) jumps += count;
      return {
        machine: m.machine,
        rate: m.rate,
        ticks: m.ticks,
        maxQueue: m.maxQueue,
        endQueue: m.endQueue,
        maxJump: m.jumps.max ?? 0,
        jumps,
        maxDrift: m.drift.max ?? 0,
        meanDrift: round4(m.drift.mean ?? 0),
        finalClock: m.finalClock,
        crashed: m.crashed,
      };
    });
}
