// Messages between the sweep's main thread and its worker threads, and how a run number maps to a point and a seed.
import type { MessagePort } from 'node:worker_threads';
import type { SweepPoint } from './grid.js';
import type { RunRow } from './run-experiment.js';

/** What every worker gets at start (workerData). */
export interface WorkerInit {
  points: SweepPoint[];
  seeds: number[];
  /** Where to write each run's folder, when the spec keeps logs. */
  runsDir?: string;
}

/** workerData as a worker gets it: the init and the port its replies go on (see WorkerReply). */
export interface WorkerData extends WorkerInit {
  replies: MessagePort;
}

/** Main -> worker: run the runs at dispatch positions [from, to) (runAt gives each one's run number). */
export interface RunChunk {
  from: number;
  to: number;
}

/**
 * Worker -> main, on the `replies` port: each run's row as soon as the run ends, then `chunkDone` once its chunk is
 * done; or why a run failed. A row is posted before the next run starts, so once a worker has been terminated, the
 * rows still queued on its port (receiveMessageOnPort) are exactly its finished runs.
 */
export type WorkerReply = { row: RunRow } | { chunkDone: true } | { error: string };

/** Run r is seed r % seeds of point floor(r / seeds). */
export function locateRun(run: number, seedCount: number): { point: number; seedIndex: number } {
  return { point: Math.floor(run / seedCount), seedIndex: run % seedCount };
}

/**
 * The run number at dispatch position `k`: runs go out seed by seed (every point's first seed, then every point's
 * second, ...), so a sweep stopped early has results at every point, not all seeds of the first points and nothing of
 * the rest. Run numbers (point-major, locateRun) name the rows and folders, so a finished sweep is the same either way.
 */
export function runAt(k: number, pointCount: number, seedCount: number): number {
  return (k % pointCount) * seedCount + Math.floor(k / pointCount);
}
