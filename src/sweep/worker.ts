// The sweep's worker thread: runs chunks of experiments and posts back their rows.
import { parentPort, workerData } from 'node:worker_threads';
import { runExperiment, type RunRow } from './run-experiment.js';
import { locateRun, type ChunkDone, type RunChunk, type WorkerInit } from './worker-protocol.js';

const init = workerData as WorkerInit;
const port = parentPort;
if (!port) throw new Error('sweep worker must run in a worker thread');

port.on('message', ({ from, to }: RunChunk) => {
  let reply: ChunkDone;
  try {
    const rows: RunRow[] = [];
    for (let run = from; run < to; run++) {
      const { point, seedIndex } = locateRun(run, init.seeds.length);
      rows.push(runExperiment(init.points[point]!, init.seeds[seedIndex]!, run, init.runsDir));
    }
    reply = { rows };
  } catch (err) {
    reply = { error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
