// The sweep's worker thread: runs chunks of experiments and posts back each run's row as it finishes.
import { parentPort, workerData } from 'node:worker_threads';
import { runPoint } from './run-point.js';
import { locateRun, type RunChunk, type WorkerData, type WorkerReply } from './worker-protocol.js';

const { replies, ...init } = workerData as WorkerData;
if (!parentPort) throw new Error('sweep worker must run in a worker thread');

const reply = (message: WorkerReply): void => replies.postMessage(message);

parentPort.on('message', ({ from, to }: RunChunk) => {
  try {
    for (let k = from; k < to; k++) {
      const run = init.order[k]!;
      const { point, seedIndex } = locateRun(run, init.seeds.length);
      reply({ row: runPoint(init.points[point]!, init.seeds[seedIndex]!, run, init.runsDir) });
    }
    reply({ chunkDone: true });
  } catch (err) {
    reply({ error: err instanceof Error ? err.message : String(err) });
  }
});
