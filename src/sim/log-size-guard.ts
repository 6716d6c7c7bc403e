// Refuses a simulation whose logs would not fit on the disk: estimates their size and compares it with the free space.
import { existsSync, mkdtempSync, rmdirSync, statfsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../config/errors.js';
import { cannotCreate } from '../log/make-folder.js';
import { isTickRecord, type ConnectRecord, type CoreRecord, type MachineRecord } from '../core/records.js';
import { humanLine } from '../log/format.js';
import { IsoTimeCache } from './iso-time-cache.js';
import { Simulation, type SimSetup } from './simulation.js';

/** Ticks of the sample whose records are measured: enough for a stable mix (within about 1.5% here), ~50 ms to run. */
const SAMPLE_TICKS = 5_000;

export interface LogEstimate {
  /** Ticks of the whole run (internal, send and receive records). */
  ticks: number;
  /** Bytes of machine-<id>.jsonl and machine-<id>.log together, all machines. */
  bytes: number;
  /** Of those, the mean bytes of a tick's record (both lines), and the bytes of the start, stop and link records. */
  bytesPerTick: number;
  fixedBytes: number;
}

const digits = (n: number): number => String(Math.floor(n)).length;

/**
 * The characters the sink (run-folder-sink.ts) writes for a record: its on-disk form (time as ISO text, field order
 * kept) as a JSONL line and as a .log line, each with its newline; ASCII, so as many bytes. Built here rather than by a
 * function shared with the sink: records measured through the sink's own code first made the run after them about 20%
 * slower (V8's feedback for that code), while this copy leaves it as the run alone shapes it.
 */
function onDiskLength(record: CoreRecord, iso: IsoTimeCache): number {
  const onDisk = { ...record, time: iso.format(record.time) } as MachineRecord;
  return JSON.stringify(onDisk).length + humanLine(onDisk).length + 2;
}

/**
 * The size of the logs `setup` will write. A short sample of the same run (its first `sampleTicks` ticks) is simulated
 * and each record measured as the sink writes it (JSONL line and .log line). Most records of a long run carry larger
 * numbers than the sample's, so each sampled record also counts the digits its numbers gain at the run's end (the clock
 * near the fastest machine's ticks, each machine's own ticks), once per line that shows them (see humanLine): clock and
 * msgClock in both lines, tick in the JSONL line, a stop record's ticks in both. Tick records scale with the run's
 * ticks (rate x duration per machine); start and stop records are one per machine; connect and disconnect records one
 * per machine and peer each, unless left out.
 * The numbers are moved up arithmetically, not in new objects, so that only records of the core's own shapes are
 * formatted before the run (records of other shapes slowed the run after them down too).
 */
export function estimateLogBytes(setup: SimSetup, sampleTicks = SAMPLE_TICKS): LogEstimate {
  const { machines } = setup;
  // Tick offsets lengthen the run: it lasts its duration from the latest schedule's start (simulation.ts).
  const durationSeconds = setup.durationSeconds + Math.max(0, ...(setup.tickOffsetsMs ?? [])) / 1000;
  const endClock = Math.max(...machines.map((m) => m.rate)) * durationSeconds;
  const endTick = new Map(machines.map((m) => [m.id, Math.floor(m.rate * durationSeconds)]));
  /** The characters the numbers of `r` gain when moved up to the run's end. */
  const growth = (r: CoreRecord): number => {
    const tick = endTick.get(r.machine)!;
    if (r.event === 'internal' || r.event === 'send') return 2 * (digits(r.clock + endClock) - digits(r.clock)) + digits(r.tick + tick) - digits(r.tick);
    if (r.event === 'receive') return 2 * (digits(r.clock + endClock) - digits(r.clock) + digits(r.msgClock + endClock) - digits(r.msgClock)) + digits(r.tick + tick) - digits(r.tick);
    if (r.event === 'stop') return 2 * (digits(r.clock + endClock) - digits(r.clock) + digits(r.ticks + tick) - digits(r.ticks));
    return 0;
  };

  const iso = new IsoTimeCache();
  let tickBytes = 0;
  let ticksSampled = 0;
  let startStopBytes = 0;
  const totalRate = machines.reduce((sum, m) => sum + m.rate, 0);
  const sampleSeconds = Math.min(durationSeconds, sampleTicks / totalRate);
  new Simulation({ ...setup, durationSeconds: sampleSeconds, tickOffsetsMs: undefined, connectRecords: false }, (record) => {
    const length = onDiskLength(record, iso) + growth(record);
    if (record.event === 'start' || record.event === 'stop') startStopBytes += length;
    else {
      // Warn records of refused frames (a small maxQueue) come with the ticks: their bytes count per tick too.
      tickBytes += length;
      if (isTickRecord(record)) ticksSampled++;
    }
  }).finish();

  const ticks = machines.reduce((sum, m) => sum + Math.floor(m.rate * durationSeconds), 0);
  const linkBytes = (setup.connectRecords ?? true) ? linkRecordBytes(setup, iso) : 0;
  const bytesPerTick = ticksSampled > 0 ? tickBytes / ticksSampled : 0;
  const fixedBytes = startStopBytes + linkBytes;
  return { ticks, bytes: Math.round(ticks * bytesPerTick + fixedBytes), bytesPerTick, fixedBytes };
}

/**
 * The bytes of the connect and disconnect records of `setup` (both lines), were they written: one of each per machine
 * and peer. Every such record names a machine and a peer: measured on the two largest ids, a byte or two above most.
 */
export function linkRecordBytes(setup: SimSetup, iso = new IsoTimeCache()): number {
  const { machines } = setup;
  if (machines.length < 2) return 0;
  const [a, b] = machines.map((m) => m.id).sort((x, y) => y - x) as [number, number];
  const connect: ConnectRecord<number> = { time: setup.startTime, machine: a, event: 'connect', peer: b };
  const disconnect: ConnectRecord<number> = { time: setup.startTime, machine: a, event: 'disconnect', peer: b };
  return machines.length * (machines.length - 1) * (onDiskLength(connect, iso) + onDiskLength(disconnect, iso));
}

/** The folder `dir` is in, or will be once created: `dir` itself or its nearest existing parent. */
export function nearestExisting(dir: string): string {
  let at = dir;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  return at;
}

/**
 * Throws cannotCreate's one line when no folder can be made where `dir` is or will be (a file in the way, /proc or
 * /sys, a read-only disk, no permission): a folder is made there and removed again, so nothing is left behind. Its
 * free space only means something once that is known (statfs of /proc says 0 bytes free).
 */
export function checkCanCreate(what: string, dir: string): void {
  const where = nearestExisting(dir);
  try {
    if (!statSync(where).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    rmdirSync(mkdtempSync(join(where, '.lamport-probe-')));
  } catch (error) {
    throw cannotCreate(what, dir, error);
  }
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

/** Seconds as a user would type them: 3000, 2147483, or 1e9 (a round number from a million up). */
function humanSeconds(seconds: number): string {
  const exponent = seconds.toExponential().replace('e+', 'e');
  return seconds >= 1e6 && exponent.length <= 6 ? exponent : String(seconds);
}

/** How much higher than the estimate the free space must be (it came out 0.7-1.3% above what runs wrote). */
const ESTIMATE_MARGIN = 0.05;
/** A file system block: each file takes up at least one more than its bytes need. */
const BLOCK_BYTES = 4096;

/**
 * Whether logs of `bytes` in `files` files and folders (estimated only once the free space is known), and `keepBytes`
 * more (start-all's room for run.json), would not fit where `dir` is or will be: undefined when they fit or the free
 * space cannot be read, else the estimate and the room there as words (`/tmp has 1.2 GB free`; when the estimate alone
 * is less, `/tmp has 4.2 MB free, less than the 4.4 MB it needs with a margin for the estimate`).
 */
export function roomShort<T extends { bytes: number; files: number }>(dir: string, estimate: () => T, keepBytes = 0): { estimate: T; room: string } | undefined {
  const where = nearestExisting(dir);
  const free = freeBytes(where);
  if (free === undefined) return undefined;
  const e = estimate();
  // Room to spare: the estimate can be a little low, and every file takes up whole blocks of the disk.
  const needed = e.bytes * (1 + ESTIMATE_MARGIN) + e.files * BLOCK_BYTES + keepBytes;
  if (needed <= free) return undefined;
  const margin = e.bytes <= free ? `, less than the ${humanBytes(needed)} it needs with a margin for the estimate${keepBytes ? ' and room for run.json' : ''}` : '';
  return { estimate: e, room: `${resolve(where)} has ${humanBytes(free)} free${margin}` };
}

/** The ticks per second of all the machines of `setup` together, as the lines about log sizes write them (to 2 decimals). */
export function ratesInAll(setup: SimSetup): number {
  return Number(setup.machines.reduce((sum, m) => sum + m.rate, 0).toFixed(2));
}

/** Logs above this size get a note before the run starts (they fit, but the user may not expect them). */
export const LARGE_LOGS_BYTES = 1e9;

/**
 * Throws a UsageError, before anything is written, when the run folder `logDir` cannot be made or the logs of `setup`
 * would not fit where it will be (`remedy`: what to do then, in the caller's options). Returns a note to print when they fit but come to more than LARGE_LOGS_BYTES.
 */
export function checkLogsFit(setup: SimSetup, logDir: string, remedy?: string): string | undefined {
  checkCanCreate('run folder', logDir);
  return checkLogsRoom(setup, logDir, remedy);
}

/**
 * checkLogsFit without first making sure a folder can be made there (start-all's run folder checks say that their way),
 * with `keepBytes` more kept beside the logs (start-all's room for run.json's end).
 */
export function checkLogsRoom(setup: SimSetup, logDir: string, remedy?: string, keepBytes = 0): string | undefined {
  const estimate = { ...estimateLogBytes(setup), files: setup.machines.length * 2 };
  const size = `about ${humanBytes(estimate.bytes)} of logs (${humanSeconds(setup.durationSeconds)} s at ${ratesInAll(setup)} ticks/s in all)`;
  const short = roomShort(logDir, () => estimate, keepBytes);
  if (short) throw new UsageError(`this run would write ${size}; ${short.room}${remedy ? `: ${remedy}` : ''}`);
  return estimate.bytes > LARGE_LOGS_BYTES ? `this run writes ${size}; Ctrl+C ends it early, its logs complete` : undefined;
}
