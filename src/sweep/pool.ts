// A pool of worker threads that runs a sweep's runs in chunks, hands rows back as they finish, and can be cancelled.
import { Worker } from 'node:worker_threads';
import type { RunRow } from './run-experiment.js';
import type { ChunkDone, RunChunk, WorkerInit } from './worker-protocol.js';

export interface PoolOptions {
  init: WorkerInit;
  runCount: number;
  workers: number;
  /** Called on the main thread with each finished chunk's rows. */
  onRows(rows: RunRow[]): void;
  /** Aborting stops handing out runs and terminates the workers; unfinished chunks are dropped. */
  signal?: AbortSignal;
  /** The worker script (default: worker.js next to this module). */
  workerUrl?: URL;
}

/**
 * How the pool ended. A pool that did not finish names the runs it had handed out whose rows never came back
 * (`unfinished`, in run order): their workers were terminated mid-chunk, so any folders they write are partial.
 */
export type PoolOutcome = { status: 'done' } | { status: 'interrupted'; unfinished: number[] } | { status: 'failed'; error: string; unfinished: number[] };

/**
 * Runs runs 0..runCount-1 on `workers` threads. Each worker's chunks start at one run and double up to a cap, so the
 * first rows come back at once and later chunks cost little messaging. Resolves when every run is done, when the
 * signal aborts (after terminating the workers), or on the first failure.
 */
export function runPool(options: PoolOptions): Promise<PoolOutcome> {
  const { runCount, signal } = options;
  const threads = Math.max(1, Math.min(options.workers, runCount));
  const maxChunk = Math.max(1, Math.min(256, Math.ceil(runCount / (threads * 8))));
  const workerUrl = options.workerUrl ?? new URL('./worker.js', import.meta.url);
  let next = 0;
  let busy = 0;
  let settled = false;
  const workers: Worker[] = [];
  /** The chunk each worker is running, by worker: what an interrupted pool leaves unfinished. */
  const inFlight = new Map<Worker, RunChunk>();
  const unfinished = (): number[] =>
    [...inFlight.values()].flatMap(({ from, to }) => Array.from({ length: to - from }, (_, i) => from + i)).sort((a, b) => a - b);

  return new Promise<PoolOutcome>((resolve) => {
    const finish = (outcome: PoolOutcome): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void Promise.all(workers.map((w) => w.terminate())).then(() => resolve(outcome));
    };
    const onAbort = () => finish({ status: 'interrupted', unfinished: unfinished() });
    if (runCount === 0) return finish({ status: 'done' });
    if (signal?.aborted) return finish({ status: 'interrupted', unfinished: [] });
    signal?.addEventListener('abort', onAbort, { once: true });

    for (let i = 0; i < threads; i++) {
      const worker = new Worker(workerUrl, { workerData: options.init });
      let chunk = 1;
      const dispatch = (): void => {
        if (settled || next >= runCount) return;
        const task: RunChunk = { from: next, to: Math.min(runCount, next + chunk) };
        next = task.to;
        chunk = Math.min(maxChunk, chunk * 2);
        busy++;
        inFlight.set(worker, task);
        worker.postMessage(task);
      };
      worker.on('message', (reply: ChunkDone) => {
        if (settled) return;
        busy--;
        // A failed chunk counts as unfinished: the run that failed may have left a partial folder.
        if ('error' in reply) return finish({ status: 'failed', error: reply.error, unfinished: unfinished() });
        inFlight.delete(worker);
        options.onRows(reply.rows);
        dispatch();
        if (busy === 0 && next >= runCount) finish({ status: 'done' });
      });
      worker.on('error', (err) => finish({ status: 'failed', error: err.message, unfinished: unfinished() }));
      worker.on('exit', (code) => {
        if (!settled) finish({ status: 'failed', error: `a worker exited with code ${code}`, unfinished: unfinished() });
      });
      workers.push(worker);
      dispatch();
    }
  });
}
