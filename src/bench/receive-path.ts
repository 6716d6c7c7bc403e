// A machine's receive path under a blast of frames (measurement 5): a MachineServer feeding a MachineCore, timed from
// the first frame counted to the last. The benchmark runs it in its own process, and in a jitless child (peer-process).
import { MachineServer } from '../net/server.js';
import { MachineCore } from '../core/machine.js';
import { startPeer } from './peer-child.js';
import { hostMonotonicMs } from './host-clock.js';

export interface Timing {
  seconds: number;
  bytes: number;
}

/** Resolves with the time from the first to the last frame once `frames` frames have been counted. */
export function frameClock(frames: number) {
  let first = 0;
  let count = 0;
  let resolve!: (seconds: number) => void;
  const done = new Promise<number>((r) => (resolve = r));
  return {
    done,
    count(n = 1) {
      if (count === 0) first = hostMonotonicMs();
      count += n;
      if (count >= frames) resolve((hostMonotonicMs() - first) / 1000);
    },
  };
}

export async function machinePath(frames: number): Promise<Timing> {
  const core = new MachineCore({ id: 2, peers: [1], rate: 1, internalProbability: 1, seed: 1, maxQueue: frames });
  const clock = frameClock(frames);
  const warnings: string[] = [];
  const server = await MachineServer.listen({
    host: '127.0.0.1',
    port: 0,
    maxLineLength: 128,
    knownIds: new Set([1]),
    handlers: {
      onMessages: (from, clocks, count) => {
        core.handleMessages(from, clocks, count);
        clock.count(count);
      },
      onWarn: (reason) => warnings.push(reason),
    },
  });
  try {
    const reply = startPeer({ kind: 'blast', port: server.port, frames }).reply;
    const [seconds, answer] = await Promise.all([clock.done, reply]);
    if (warnings.length) throw new Error(warnings[0]);
    if (core.queueLength !== frames) throw new Error(`machine path queued ${core.queueLength} of ${frames} frames`);
    return { seconds, bytes: answer.kind === 'blast' ? answer.bytes : 0 };
  } finally {
    await server.drain(2000);
  }
}
