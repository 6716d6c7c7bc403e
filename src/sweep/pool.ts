// A pool of worker threads that runs a sweep's runs in chunks, hands each row back as its run finishes, and can be cancelled.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { RunRow } from './run-point.js';
import type { RunChunk, WorkerData, WorkerInit, WorkerReply } from './worker-protocol.js';

export interface PoolOptions {
  /** What every worker gets; `init.order` lists the runs to run. */
  init: WorkerInit;
  workers: number;
  /** Called on the main thread with the rows of runs that finished (one or more at a time). */
  onRows(rows: RunRow[]): void;
  /** Aborting stops handing out runs and terminates the workers; the runs they were in the middle of are dropped. */
  signal?: AbortSignal;
  /** The worker script (default: worker.js next to this module). */
  workerUrl?: URL;
}

/**
 * How the pool ended. A pool that did not finish names the runs it had handed out whose rows never came back
 * (`unfinished`, in run order): the runs its workers were terminated in the middle of (and, after a failure, the
 * failed run and the rest of its chunk), so any folders they write are partial. Runs that finished before the stop
 * always have their rows handed back.
 */
export type PoolOutcome = { status: 'done' } | { status: 'interrupted'; unfinished: number[] } | { status: 'failed'; error: string; unfinished: number[] };

/** One worker and the positions (in init.order) of its chunk whose rows have not come back yet ([next, to)). */
interface Slot {
  worker: Worker;
  replies: MessagePort;
  /** The size of its next chunk. */
  chunk: number;
  pending?: { next: number; to: number };
}

/** The threads the pool starts for `runs` runs given `workers`: no more than the runs, and at least one. */
export const poolThreads = (workers: number, runs: number): number => Math.max(1, Math.min(workers, runs));

/**
 * Runs `init.order`'s runs, in that order, on `workers` threads. Each worker's chunks start at one run and double up to
 * a cap, so the first rows come back at once and later chunks cost few round trips. Resolves when every run is done, when the
 * signal aborts (after terminating the workers and taking the rows they had posted), or on the first failure.
 */
export function runPool(options: PoolOptions): Promise<PoolOutcome> {
  const { signal } = options;
  const runCount = options.init.order.length;
  const threads = poolThreads(options.workers, runCount);
  const maxChunk = Math.max(1, Math.min(256, Math.ceil(runCount / (threads * 8))));
  const workerUrl = options.workerUrl ?? new URL('./worker.js', import.meta.url);
  let next = 0;
  let settled = false;
  const slots: Slot[] = [];
  const { order } = options.init;
  const unfinished = (): number[] =>
    slots
      .flatMap(({ pending }) => (pending ? Array.from({ length: pending.to - pending.next }, (_, i) => order[pending.next + i]!) : []))
      .sort((a, b) => a - b);

  return new Promise<PoolOutcome>((resolve) => {
    /** Stops the workers, takes the rows they posted before they stopped, then resolves (`outcome` sees those rows). */
    const finish = (outcome: () => PoolOutcome): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void Promise.all(slots.map((s) => s.worker.terminate())).then(() => {
        for (const slot of slots) {
          for (let m = receiveMessageOnPort(slot.replies); m; m = receiveMessageOnPort(slot.replies)) onReply(slot, m.message as WorkerReply);
          slot.replies.close();
        }
        resolve(outcome());
      });
    };
    const onAbort = () => finish(() => ({ status: 'interrupted', unfinished: unfinished() }));

    const dispatch = (slot: Slot): void => {
      if (settled || next >= runCount) return;
      const task: RunChunk = { from: next, to: Math.min(runCount, next + slot.chunk) };
      next = task.to;
      slot.chunk = Math.min(maxChunk, slot.chunk * 2);
      slot.pending = { next: task.from, to: task.to };
      slot.worker.postMessage(task);
    };
    /** A worker's reply; rows count even while the pool is stopping (they are finished runs). */
    const onReply = (slot: Slot, reply: WorkerReply): void => {
      if ('row' in reply) {
        if (slot.pending) slot.pending.next++;
        options.onRows([reply.row]);
      } else if ('error' in reply) {
        // The failed run may have left a partial folder: it and the rest of its chunk count as unfinished.
        finish(() => ({ status: 'failed', error: reply.error, unfinished: unfinished() }));
      } else if (!settled) {
        slot.pending = undefined;
        dispatch(slot);
        if (next >= runCount && slots.every((s) => !s.pending)) finish(() => ({ status: 'done' }));
      }
    };

    if (runCount === 0) return finish(() => ({ status: 'done' }));
    if (signal?.aborted) return finish(() => ({ status: 'interrupted', unfinished: [] }));
    signal?.addEventListener('abort', onAbort, { once: true });

    for (let i = 0; i < threads; i++) {
      const { port1, port2 } = new MessageChannel();
      const workerData: WorkerData = { ...options.init, replies: port2 };
      const slot: Slot = { worker: new Worker(workerUrl, { workerData, transferList: [port2] }), replies: port1, chunk: 1 };
      port1.on('message', (reply: WorkerReply) => onReply(slot, reply));
      slot.worker.on('error', (err) => finish(() => ({ status: 'failed', error: err.message, unfinished: unfinished() })));
      slot.worker.on('exit', (code) => {
        if (!settled) finish(() => ({ status: 'failed', error: `a worker exited with code ${code}`, unfinished: unfinished() }));
      });
      slots.push(slot);
      dispatch(slot);
    }
  });
}
