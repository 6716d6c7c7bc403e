// Measurement 4: message latency on loopback. A child process sends paced `clock:k` frames over real PeerLinks to a
// MachineServer feeding a MachineCore here; latency = arrival minus send on the host's monotonic clock, matched per link.
import { MachineServer } from '../net/server.js';
import { MachineCore } from '../core/machine.js';
import { figure, notMeasured, type Figure, type NotMeasured } from './figure.js';
import type { BenchPlan } from './plan.js';
import { startPeer } from './peer-child.js';
import { hostMonotonicMs } from './host-clock.js';
import { LagHistogram } from '../runtime/lag-histogram.js';

export interface LatencyResult {
  links: number;
  framesPerSecond: number;
  seconds: number;
  /** Frames matched per run (all links). */
  frames: number;
  p50Ms: Figure;
  p99Ms: Figure;
  maxMs: Figure;
}

interface LatencyRun {
  p50: number;
  p99: number;
  max: number;
  frames: number;
}

async function oneRun(plan: BenchPlan['latency']): Promise<LatencyRun> {
  const frames = Math.max(1, Math.round(plan.framesPerSecond * plan.seconds));
  const linkIds = Array.from({ length: plan.links }, (_, i) => i + 1);
  const arrivedAt = linkIds.map(() => new Array<number>(frames).fill(Number.NaN));
  const core = new MachineCore({ id: 0, peers: linkIds, rate: 1, internalProbability: 1, seed: 1 });
  const problems: string[] = [];
  const server = await MachineServer.listen({
    host: '127.0.0.1',
    port: 0,
    maxLineLength: 128,
    knownIds: new Set(linkIds),
    handlers: {
      onMessages: (from, clocks, count) => {
        const at = hostMonotonicMs();
        core.handleMessages(from, clocks, count);
        const row = from === null ? undefined : arrivedAt[from - 1];
        for (let i = 0; i < count; i++) {
          const clock = clocks[i]!;
          if (row && clock < frames) row[clock] = at;
          else problems.push(`unexpected frame clock:${clock} from ${from}`);
        }
      },
      onWarn: (reason) => problems.push(reason),
    },
  });
  let drained = false;
  try {
    const reply = await startPeer({ kind: 'latency', port: server.port, links: plan.links, framesPerSecond: plan.framesPerSecond, frames }).reply;
    await server.drain(2000);
    drained = true;
    if (reply.kind !== 'latency') throw new Error('peer replied to the wrong command');
    if (problems.length) throw new Error(problems[0]);
    const latency = new LagHistogram();
    const samples: number[] = [];
    linkIds.forEach((_, i) => {
      for (let k = 0; k < frames; k++) {
        const ms = arrivedAt[i]![k]! - reply.sentAtMs[i]![k]!;
        if (Number.isNaN(ms)) throw new Error(`link ${i + 1}: frame ${k} never arrived`);
        samples.push(ms);
        latency.add(ms);
      }
    });
    return { p50: latency.quantile(0.5), p99: latency.quantile(0.99), max: latency.max, frames: samples.length };
  } finally {
    if (!drained) await server.drain(0);
  }
}

export async function measureLatency(plan: BenchPlan['latency'], progress: (line: string) => void): Promise<LatencyResult | NotMeasured> {
  const runs: LatencyRun[] = [];
  try {
    for (let run = 1; run <= plan.runs; run++) {
      progress(`loopback latency: ${plan.links} links at ${plan.framesPerSecond} frames/s each for ${plan.seconds} s, run ${run}/${plan.runs}`);
      runs.push(await oneRun(plan));
    }
  } catch (err) {
    return notMeasured((err as Error).message);
  }
  return {
    links: plan.links,
    framesPerSecond: plan.framesPerSecond,
    seconds: plan.seconds,
    frames: runs[0]!.frames,
    p50Ms: figure(runs.map((r) => r.p50)),
    p99Ms: figure(runs.map((r) => r.p99)),
    maxMs: figure(runs.map((r) => r.max)),
  };
}
