// Messages between the sweep's main thread and its worker threads, and how a run number maps to a point and a seed.
import type { SweepPoint } from './grid.js';
import type { RunRow } from './run-experiment.js';

/** What every worker gets at start (workerData). */
export interface WorkerInit {
  points: SweepPoint[];
  seeds: number[];
  /** Where to write each run's folder, when the spec keeps logs. */
  runsDir?: string;
}

/** Main -> worker: run the runs numbered [from, to). */
export interface RunChunk {
  from: number;
  to: number;
}

/** Worker -> main: the rows of a finished chunk, or why it failed. */
export type ChunkDone = { rows: RunRow[] } | { error: string };

/** Run r is seed r % seeds of point floor(r / seeds). */
export function locateRun(run: number, seedCount: number): { point: number; seedIndex: number } {
  return { point: Math.floor(run / seedCount), seedIndex: run % seedCount };
}
