// bench/results.json: what one `npm run bench` measured, section by section, with the goals judged against it.
import type { NotMeasured } from './figure.js';
import type { BenchMode, BenchPlan } from './plan.js';
import type { SystemInfo } from './system-info.js';
import type { FidelityResult } from './tick-fidelity.js';
import type { HighRatesResult } from './high-rates.js';
import type { ScaleResult } from './mesh-scale.js';
import type { LatencyResult } from './loopback-latency.js';
import type { FramingResult } from './framing-throughput.js';
import type { ExternalFigure } from './external-figures.js';

export interface GoalResult {
  goal: string;
  /** The figure the goal was judged on, as text with its unit. */
  measured: string;
  /** null when the figure was not measured. */
  met: boolean | null;
}

export interface BenchResults {
  /** Bumped when the shape changes. */
  version: 1;
  mode: BenchMode;
  /** The measurements `--only` asked for (the others are recorded as skipped); absent when all ran. */
  only?: Section[];
  generatedAt: string;
  /** The git commit checked out when the benchmark ran (its code), when the project is a git checkout; absent in results of older versions. */
  commit?: string;
  /** Wall-clock seconds the whole benchmark took. */
  elapsedSeconds: number;
  system: SystemInfo;
  plan: BenchPlan;
  fidelity: FidelityResult | NotMeasured;
  highRates: HighRatesResult | NotMeasured;
  scale: ScaleResult | NotMeasured;
  latency: LatencyResult | NotMeasured;
  framing: FramingResult | NotMeasured;
  simulator: ExternalFigure | NotMeasured;
  analysis: ExternalFigure | NotMeasured;
  goals: GoalResult[];
  /** The simulator's and the analysis's own goals (other-goals.ts), judged the same way; absent in results of older versions. */
  otherGoals?: GoalResult[];
}

/** The measurements `--only` can pick, in the order they run. */
export const SECTIONS = ['fidelity', 'highRates', 'latency', 'framing', 'scale', 'simulator', 'analysis'] as const;
export type Section = (typeof SECTIONS)[number];
