// Measurement 5: framing throughput. A child process blasts `clock:N` frames at (a) a machine's receive path, a
// MachineServer feeding a MachineCore, and (b) a bare `net` server that only counts newlines; the ratio is a / b.
import net from 'node:net';
import { once } from 'node:events';
import { MachineServer } from '../net/server.js';
import { MachineCore } from '../core/machine.js';
import { figure, notMeasured, type Figure, type NotMeasured } from './figure.js';
import type { BenchPlan } from './plan.js';
import { startPeer } from './peer-child.js';
import { hostMonotonicMs } from './peer-process.js';

export interface FramingResult {
  frames: number;
  /** Frames per second from the first frame delivered to the last. */
  machineFramesPerSecond: Figure;
  bareFramesPerSecond: Figure;
  machineMBPerSecond: Figure;
  bareMBPerSecond: Figure;
  /** machine / bare, per pair of runs. */
  ratio: Figure;
}

interface Timing {
  seconds: number;
  bytes: number;
}

/** Resolves with the time from the first to the last frame once `frames` frames have been counted. */
function frameClock(frames: number) {
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

async function machinePath(frames: number): Promise<Timing> {
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

async function barePath(frames: number): Promise<Timing> {
  const clock = frameClock(frames + 1); // the hello line, then the frames
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (chunk: Buffer) => {
      let n = 0;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
      if (n) clock.count(n);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const reply = startPeer({ kind: 'blast', port: (server.address() as net.AddressInfo).port, frames }).reply;
    const [seconds, answer] = await Promise.all([clock.done, reply]);
    return { seconds, bytes: answer.kind === 'blast' ? answer.bytes : 0 };
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

export async function measureFraming(plan: BenchPlan['framing'], progress: (line: string) => void): Promise<FramingResult | NotMeasured> {
  const machine: Timing[] = [];
  const bare: Timing[] = [];
  try {
    for (let run = 1; run <= plan.runs; run++) {
      progress(`framing: ${plan.frames} frames through the machine's receive path and a bare socket, run ${run}/${plan.runs}`);
      bare.push(await barePath(plan.frames));
      machine.push(await machinePath(plan.frames));
    }
  } catch (err) {
    return notMeasured((err as Error).message);
  }
  const fps = (t: Timing) => plan.frames / t.seconds;
  const mbps = (t: Timing) => t.bytes / 2 ** 20 / t.seconds;
  return {
    frames: plan.frames,
    machineFramesPerSecond: figure(machine.map(fps), 0),
    bareFramesPerSecond: figure(bare.map(fps), 0),
    machineMBPerSecond: figure(machine.map(mbps), 1),
    bareMBPerSecond: figure(bare.map(mbps), 1),
    ratio: figure(machine.map((m, i) => fps(m) / fps(bare[i]!)), 3),
  };
}

