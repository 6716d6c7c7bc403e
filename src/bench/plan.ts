// How much each measurement does in each mode: full (the published figures), quick (under a minute), smoke (the test).
import type { WakeCheckPlan } from './wake-check.js';

export type BenchMode = 'full' | 'quick' | 'smoke';

export interface BenchPlan {
  mode: BenchMode;
  /** `sideBySide`: how many start-all runs (one per rate) tick at the same time; fewer disturb each other less. */
  fidelity: { rates: number[]; machines: number; seconds: number; runs: number; sideBySide: number };
  highRates: { rates: number[]; machines: number; seconds: number; runs: number };
  scale: { sizes: number[]; rate: number; seconds: number; runs: number };
  latency: { links: number; framesPerSecond: number; seconds: number; runs: number };
  framing: { frames: number; runs: number };
  /** The wake-up check taken as each measurement starts (wake-check.ts). */
  wakeCheck: WakeCheckPlan;
}

export const PLANS: Record<BenchMode, BenchPlan> = {
  full: {
    mode: 'full',
    fidelity: { rates: [1, 2, 3, 4, 5, 6], machines: 3, seconds: 60, runs: 3, sideBySide: 2 },
    highRates: { rates: [1000, 5000], machines: 3, seconds: 10, runs: 3 },
    scale: { sizes: [10, 25, 50], rate: 100, seconds: 10, runs: 3 },
    latency: { links: 2, framesPerSecond: 1000, seconds: 5, runs: 3 },
    framing: { frames: 5_000_000, runs: 5 },
    wakeCheck: { wakes: 100, rounds: 3 },
  },
  quick: {
    mode: 'quick',
    fidelity: { rates: [1, 2, 3, 4, 5, 6], machines: 3, seconds: 10, runs: 1, sideBySide: 6 },
    highRates: { rates: [1000, 5000], machines: 3, seconds: 1, runs: 1 },
    scale: { sizes: [10, 25, 50], rate: 100, seconds: 1, runs: 1 },
    latency: { links: 2, framesPerSecond: 1000, seconds: 1, runs: 1 },
    framing: { frames: 2_000_000, runs: 3 },
    wakeCheck: { wakes: 20, rounds: 1 },
  },
  // Every code path of every measurement, as small as it gets: for the test, not for publishing.
  smoke: {
    mode: 'smoke',
    fidelity: { rates: [5, 6], machines: 3, seconds: 2, runs: 1, sideBySide: 2 },
    highRates: { rates: [1000, 5000], machines: 3, seconds: 1, runs: 1 },
    scale: { sizes: [4], rate: 100, seconds: 1, runs: 1 },
    latency: { links: 2, framesPerSecond: 500, seconds: 0.3, runs: 1 },
    framing: { frames: 20_000, runs: 1 },
    wakeCheck: { wakes: 20, rounds: 1 },
  },
};
