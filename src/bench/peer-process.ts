// The far end of the network measurements, run as a child process (fork): it sends `clock:N` frames to a port the
// parent listens on. `latency`: paced frames over real PeerLinks, reporting each frame's send time (monotonic ns);
// `blast`: as many frames as the socket takes, respecting backpressure, for the framing throughput; `receive`: the
// machine's receive path under such a blast, timed here (a child run jitless, as slow machines are).
import net from 'node:net';
import { once } from 'node:events';
import { PeerLink } from '../net/peer-link.js';
import { clockFrame, helloFrame } from '../net/frames.js';
import { hostMonotonicMs } from './host-clock.js';
import { machinePath } from './receive-path.js';

export type PeerCommand =
  | { kind: 'latency'; port: number; links: number; framesPerSecond: number; frames: number }
  | { kind: 'blast'; port: number; frames: number }
  | { kind: 'receive'; frames: number };

/**
 * What the child sends back. `latency`: per link (hello id 1..links) the send time of frame k (clock k) in ms of the
 * monotonic clock; `receive`: the machine's receive path timed in this process (run with other Node flags than the
 * benchmark's).
 */
export type PeerReply =
  | { kind: 'latency'; sentAtMs: number[][] }
  | { kind: 'blast'; bytes: number }
  | { kind: 'receive'; seconds: number; bytes: number }
  | { kind: 'error'; message: string };

async function latency(command: Extract<PeerCommand, { kind: 'latency' }>): Promise<PeerReply> {
  const links = Array.from({ length: command.links }, (_, i) => new PeerLink(i + 1, 0, { host: '127.0.0.1', port: command.port }));
  await Promise.all(links.map((link) => { const up = once(link, 'up'); link.start(); return up; }));
  const sentAtMs = links.map(() => new Array<number>(command.frames).fill(0));
  const periodMs = 1000 / command.framesPerSecond;
  const t0 = hostMonotonicMs();
  let next = 0;
  await new Promise<void>((resolve) => {
    // Like a machine's tick timer: every frame that is due goes out in one callback, against absolute time.
    const onTimer = () => {
      const now = hostMonotonicMs();
      while (next < command.frames && t0 + next * periodMs <= now) {
        links.forEach((link, i) => {
          sentAtMs[i]![next] = hostMonotonicMs();
          link.write(clockFrame(next));
        });
        next++;
      }
      if (next >= command.frames) resolve();
      else setTimeout(onTimer, Math.max(0, t0 + next * periodMs - hostMonotonicMs()));
    };
    onTimer();
  });
  await Promise.all(links.map((link) => link.close(2000)));
  return { kind: 'latency', sentAtMs };
}

/** Frames `clock:10000`.. of equal length, as one reusable chunk. */
function frameChunk(count: number): Buffer {
  return Buffer.from(Array.from({ length: count }, (_, i) => clockFrame(10000 + (i % 90000))).join(''));
}

async function blast(command: Extract<PeerCommand, { kind: 'blast' }>): Promise<PeerReply> {
  const socket = net.connect({ host: '127.0.0.1', port: command.port });
  socket.setNoDelay(true);
  await once(socket, 'connect');
  const perChunk = 5000;
  const chunk = frameChunk(perChunk);
  const frameBytes = chunk.length / perChunk;
  let bytes = 0;
  const write = async (buffer: Buffer) => {
    bytes += buffer.length;
    if (!socket.write(buffer)) await once(socket, 'drain');
  };
  await write(Buffer.from(helloFrame(1)));
  for (let left = command.frames; left > 0; left -= perChunk) await write(left >= perChunk ? chunk : chunk.subarray(0, left * frameBytes));
  socket.end();
  await once(socket, 'close');
  return { kind: 'blast', bytes };
}

if (process.send) {
  process.once('message', (command: PeerCommand) => {
    const work =
      command.kind === 'latency'
        ? latency(command)
        : command.kind === 'blast'
          ? blast(command)
          : machinePath(command.frames).then((t): PeerReply => ({ kind: 'receive', ...t }));
    void work
      .catch((err: unknown): PeerReply => ({ kind: 'error', message: err instanceof Error ? err.message : String(err) }))
      .then((reply) => process.send!(reply, () => process.disconnect()));
  });
}
