// Refuses a simulation whose logs would not fit on the disk: estimates their size and compares it with the free space.
import { existsSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../config/errors.js';
import { DEFAULT_MAX_QUEUE } from '../core/machine.js';
import type { CoreRecord } from '../core/records.js';
import { IsoTimeCache } from './iso-time-cache.js';
import { onDiskLength } from './run-folder-sink.js';
import { Simulation, type SimSetup } from './simulation.js';

/** Ticks of the sample whose records are measured: enough for a stable mix, a few milliseconds to run. */
const SAMPLE_TICKS = 20_000;

export interface LogEstimate {
  /** Ticks of the whole run (internal, send and receive records). */
  ticks: number;
  /** Bytes of machine-<id>.jsonl and machine-<id>.log together, all machines. */
  bytes: number;
}

/** What a run's numbers reach at its end: the clock (about the fastest machine's ticks) and each machine's ticks. */
function endValues(setup: SimSetup): { clock: number; ticks: Map<number, number> } {
  const { machines, durationSeconds } = setup;
  return {
    clock: Math.max(...machines.map((m) => m.rate)) * durationSeconds,
    ticks: new Map(machines.map((m) => [m.id, Math.floor(m.rate * durationSeconds)])),
  };
}

/** Bytes of the whole run: its ticks at `bytesPerTick`, start and stop records, and connect and disconnect records. */
function runBytes(setup: SimSetup, bytesPerTick: number, startStopBytes: number, iso: IsoTimeCache): LogEstimate {
  const { machines } = setup;
  const ticks = machines.reduce((sum, m) => sum + Math.floor(m.rate * setup.durationSeconds), 0);
  let linkBytes = 0;
  if ((setup.connectRecords ?? true) && machines.length > 1) {
    // Every record names a machine and a peer: measured on the two largest ids, a byte or two above most.
    const [a, b] = machines.map((m) => m.id).sort((x, y) => y - x) as [number, number];
    const link = (event: 'connect' | 'disconnect'): number => onDiskLength({ time: setup.startTime, machine: a, event, peer: b }, iso);
    linkBytes = machines.length * (machines.length - 1) * (link('connect') + link('disconnect'));
  }
  return { ticks, bytes: Math.round(ticks * bytesPerTick + startStopBytes + linkBytes) };
}

/**
 * A bound above the logs' size, without simulating: every tick at the size of the largest tick record the run can
 * write (a send to every peer, or a receive with a full queue, with the numbers of the run's end), and every start and
 * stop record as large as the largest machine's.
 */
export function logBytesBound(setup: SimSetup): number {
  const iso = new IsoTimeCache();
  const end = endValues(setup);
  const ids = setup.machines.map((m) => m.id);
  const machine = Math.max(...ids);
  const peers = ids.filter((id) => id !== machine);
  const maxQueue = setup.maxQueue ?? DEFAULT_MAX_QUEUE;
  const at = { time: setup.startTime, machine, clock: end.clock, tick: Math.max(...end.ticks.values()) };
  const send = onDiskLength({ ...at, event: 'send', to: peers, dropped: [], queue: 0 }, iso);
  const receive = onDiskLength({ ...at, event: 'receive', from: machine, msgClock: end.clock, queue: maxQueue }, iso);
  const start = onDiskLength({ time: setup.startTime, machine, event: 'start', clock: 0, rate: Math.max(...setup.machines.map((m) => m.rate)), peers, internalProbability: setup.internalProbability, seed: setup.seed }, iso);
  const stop = onDiskLength({ time: setup.startTime, machine, event: 'stop', clock: end.clock, ticks: at.tick, queue: maxQueue, maxLagMs: 0, maxQueue, overflow: at.tick }, iso);
  return runBytes(setup, Math.max(send, receive), ids.length * (start + stop), iso).bytes;
}

/**
 * The size of the logs `setup` will write. A short sample of the same run (its first SAMPLE_TICKS ticks) is simulated
 * and each record measured as the sink writes it (JSONL line and .log line), with its clock and tick numbers moved up
 * by what they reach at the run's end, so the numbers have the digits most records of a long run have. Tick records
 * scale with the run's ticks (rate x duration per machine); start and stop records are one per machine; connect and
 * disconnect records one per machine and peer each, unless left out.
 */
export function estimateLogBytes(setup: SimSetup): LogEstimate {
  const end = endValues(setup);
  const atEnd = (r: CoreRecord): CoreRecord => {
    const lift = end.ticks.get(r.machine)!;
    if (r.event === 'receive') return { ...r, clock: r.clock + end.clock, tick: r.tick + lift, msgClock: r.msgClock + end.clock };
    if (r.event === 'internal' || r.event === 'send') return { ...r, clock: r.clock + end.clock, tick: r.tick + lift };
    if (r.event === 'stop') return { ...r, clock: r.clock + end.clock, ticks: r.ticks + lift };
    return r;
  };
  const iso = new IsoTimeCache();
  let tickBytes = 0;
  let sampleTicks = 0;
  let startStopBytes = 0;
  const totalRate = setup.machines.reduce((sum, m) => sum + m.rate, 0);
  const sampleSeconds = Math.min(setup.durationSeconds, SAMPLE_TICKS / totalRate);
  new Simulation({ ...setup, durationSeconds: sampleSeconds, connectRecords: false }, (record) => {
    const length = onDiskLength(atEnd(record), iso);
    if (record.event === 'start' || record.event === 'stop') startStopBytes += length;
    else (tickBytes += length), sampleTicks++;
  }).finish();
  return runBytes(setup, sampleTicks > 0 ? tickBytes / sampleTicks : 0, startStopBytes, iso);
}

/** The folder `dir` is in, or will be once created: `dir` itself or its nearest existing parent. */
export function nearestExisting(dir: string): string {
  let at = dir;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  return at;
}

/** Free bytes for an unprivileged writer on the filesystem holding `path`, or undefined when it cannot be read. */
export function freeBytes(path: string): number | undefined {
  try {
    const stats = statfsSync(path);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}

/** 6.1 TB, 20.3 GB, 512 bytes: decimal units, one decimal. */
export function humanBytes(bytes: number): string {
  if (bytes < 1000) return `${Math.round(bytes)} bytes`;
  const units = ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) (value /= 1000), unit++;
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** Seconds as a user would type them: 3000, or 1e9 from a million up. */
function humanSeconds(seconds: number): string {
  return seconds >= 1e6 ? seconds.toExponential().replace('e+', 'e') : String(seconds);
}

/** Throws a UsageError, before anything is written, when the logs of `setup` would not fit where `logDir` will be. */
export function checkLogsFit(setup: SimSetup, logDir: string): void {
  const where = nearestExisting(logDir);
  const free = freeBytes(where);
  // The bound is quick; the estimate simulates a sample (a second for 1000 machines), so only when the bound is too high.
  if (free === undefined || logBytesBound(setup) <= free) return;
  const { bytes } = estimateLogBytes(setup);
  if (bytes <= free) return;
  const totalRate = Number(setup.machines.reduce((sum, m) => sum + m.rate, 0).toFixed(2));
  throw new UsageError(
    `this run would write about ${humanBytes(bytes)} of logs (${humanSeconds(setup.durationSeconds)} s at ${totalRate} ticks/s in all); ` +
      `${where === '.' ? process.cwd() : where} has ${humanBytes(free)} free`,
  );
}
