// Measurement 5: framing throughput. A child process blasts `clock:N` frames at (a) a machine's receive path, a
// MachineServer feeding a MachineCore, and (b) a bare `net` server that only counts newlines; the ratio is a / b.
// The receive path is also timed in a jitless child, as start-all runs machines at up to 1,000 ticks/s.
import net from 'node:net';
import { once } from 'node:events';
import { figure, notMeasured, type Figure, type NotMeasured } from './figure.js';
import type { BenchPlan } from './plan.js';
import { startPeer } from './peer-child.js';
import { frameClock, machinePath, type Timing } from './receive-path.js';
import { JITLESS_FLAGS } from '../runner/machine-script.js';

export interface FramingResult {
  frames: number;
  /** Frames per second from the first frame delivered to the last. */
  machineFramesPerSecond: Figure;
  bareFramesPerSecond: Figure;
  machineMBPerSecond: Figure;
  bareMBPerSecond: Figure;
  /** machine / bare, per pair of runs. */
  ratio: Figure;
  /** The machine's receive path in a child run with JITLESS_FLAGS (absent from results written before it was measured). */
  jitlessFramesPerSecond?: Figure;
  jitlessMBPerSecond?: Figure;
  /** jitless machine / bare, per pair of runs. */
  jitlessRatio?: Figure;
}

/** The receive path timed in a child process run jitless. */
async function jitlessMachinePath(frames: number): Promise<Timing> {
  const answer = await startPeer({ kind: 'receive', frames }, JITLESS_FLAGS).reply;
  if (answer.kind !== 'receive') throw new Error(`jitless receive path answered ${answer.kind}`);
  return { seconds: answer.seconds, bytes: answer.bytes };
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
  const jitless: Timing[] = [];
  try {
    for (let run = 1; run <= plan.runs; run++) {
      progress(`framing: ${plan.frames} frames through the machine's receive path (with V8's compilers and jitless) and a bare socket, run ${run}/${plan.runs}`);
      bare.push(await barePath(plan.frames));
      machine.push(await machinePath(plan.frames));
      jitless.push(await jitlessMachinePath(plan.frames));
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
    jitlessFramesPerSecond: figure(jitless.map(fps), 0),
    jitlessMBPerSecond: figure(jitless.map(mbps), 1),
    jitlessRatio: figure(jitless.map((m, i) => fps(m) / fps(bare[i]!)), 3),
  };
}

