// The handful of numbers a sweep keeps per run, taken from the analysis metrics of the whole run.
import type { RunMetrics } from '../analysis/metrics.js';
import { machineFigures, type MachineFigures } from './machine-figures.js';
import { round4 } from './round4.js';

/** Run-level figures; "worst" means the machine with the largest value. */
export interface SweepMetrics {
  /** Largest queue any machine had. */
  maxQueue: number;
  /** Largest queue left unprocessed at the end. */
  endQueue: number;
  /** Fastest-growing queue: the largest machine's queue growth in messages per second (the slope of its queue over its last incarnation; about 0 for a queue that drains). */
  queueGrowth: number;
  /** Largest clock jump on a receive (new clock - old clock - 1). */
  maxJump: number;
  /** Receives that moved a clock forward by more than one (jump > 0), all machines. */
  jumps: number;
  /** Largest drift (leading clock minus own clock) of any machine at any instant. */
  maxDrift: number;
  /** Time-weighted mean drift of the machine that lags most on average. */
  meanDriftWorst: number;
  /** Highest final clock minus lowest, among the machines that ran to the end (one killed for good stopped counting). */
  clockSpread: number;
  /** Messages sent (recipients of send records). */
  messages: number;
  /** Messages refused by full queues (the spec's maxQueue is a queue's capacity), all machines. */
  refused: number;
  /** Messages lost to the fault schedule: sent to a machine killed before it received them, or on a link cut down. */
  lost: number;
  /** Messages not sent because their peer was not connected (its link down, or it killed) or not reading: send records' `dropped`, one per recipient missed. */
  dropped: number;
}

export const METRIC_NAMES: readonly (keyof SweepMetrics)[] = [
  'maxQueue',
  'endQueue',
  'queueGrowth',
  'maxJump',
  'jumps',
  'maxDrift',
  'meanDriftWorst',
  'clockSpread',
  'messages',
  'refused',
  'lost',
  'dropped',
];

/** The metrics added with fault schedules: results.csv has them after the point's `faults` (the columns are a contract). */
export const FAULT_METRICS: readonly (keyof SweepMetrics)[] = ['lost', 'dropped'];

/** Metrics added after those: results.csv has them last, in this order (never moved). */
export const LATER_METRICS: readonly (keyof SweepMetrics)[] = ['queueGrowth'];

/** The run's figures: the largest (or the sum) of its machines' own figures (`figures`, machine-figures.ts). */
export function summariseMetrics(metrics: RunMetrics, figures: readonly MachineFigures[] = machineFigures(metrics)): SweepMetrics {
  let maxQueue = 0;
  let endQueue = 0;
  let queueGrowth: number | null = null;
  let maxJump = 0;
  let jumps = 0;
  let maxDrift = 0;
  let meanDriftWorst = 0;
  let lowestFinalClock = Infinity;
  let highestFinalClock = -Infinity;
  for (const m of metrics.machines) if (m.queueGrowth !== null) queueGrowth = Math.max(queueGrowth ?? -Infinity, m.queueGrowth);
  for (const m of figures) {
    maxQueue = Math.max(maxQueue, m.maxQueue);
    endQueue = Math.max(endQueue, m.endQueue);
    maxJump = Math.max(maxJump, m.maxJump);
    jumps += m.jumps;
    maxDrift = Math.max(maxDrift, m.maxDrift);
    meanDriftWorst = Math.max(meanDriftWorst, m.meanDrift);
    // A machine killed and not restarted ends at the kill: its clock says how long it has been dead, not how far the clocks disagree.
    if (!m.crashed) {
      lowestFinalClock = Math.min(lowestFinalClock, m.finalClock);
      highestFinalClock = Math.max(highestFinalClock, m.finalClock);
    }
  }
  return {
    maxQueue,
    endQueue,
    // A run in which no machine ticked twice has no queue that grew.
    queueGrowth: round4(queueGrowth ?? 0),
    maxJump,
    jumps,
    maxDrift,
    meanDriftWorst,
    clockSpread: highestFinalClock >= lowestFinalClock ? highestFinalClock - lowestFinalClock : 0,
    messages: metrics.messages.sent,
    refused: metrics.messages.refused,
    lost: metrics.messages.lost,
    dropped: metrics.messages.dropped,
  };
}
