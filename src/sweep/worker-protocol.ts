// Messages between the sweep's main thread and its worker threads, and how a run number maps to a point and a seed.
import type { MessagePort } from 'node:worker_threads';
import type { SweepPoint } from './grid.js';
import type { RunRow } from './run-point.js';

/** What every worker gets at start (workerData). */
export interface WorkerInit {
  points: SweepPoint[];
  seeds: number[];
  /** The run numbers to run, in dispatch order (dispatchOrder), on memory every worker shares. */
  order: Int32Array;
  /** Where to write each run's folder, when the spec keeps logs. */
  runsDir?: string;
}

/** workerData as a worker gets it: the init and the port its replies go on (see WorkerReply). */
export interface WorkerData extends WorkerInit {
  replies: MessagePort;
}

/** Main -> worker: run the runs at positions [from, to) of the dispatch order (WorkerInit.order). */
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
 * The run numbers of a sweep in the order they go out, leaving out `done` (a resumed sweep's finished runs): seed by
 * seed (every point's first seed, then every point's second, ...), so a sweep stopped early has results at every
 * point, not all seeds of the first points and nothing of the rest. Run numbers (point-major, locateRun) name the rows
 * and folders, so a finished sweep is the same in any order. On a SharedArrayBuffer: workers read it without a copy.
 */
export function dispatchOrder(pointCount: number, seedCount: number, done: ReadonlySet<number> = new Set()): Int32Array {
  const order = new Int32Array(new SharedArrayBuffer(4 * (pointCount * seedCount - done.size)));
  let k = 0;
  for (let seed = 0; seed < seedCount; seed++) {
    for (let point = 0; point < pointCount; point++) {
      const run = point * seedCount + seed;
      if (!done.has(run)) order[k++] = run;
    }
  }
  return order;
}
