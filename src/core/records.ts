// The JSONL log contract: one record type per event, shared by the machines, the simulator and the analysis.
// Extend with new optional fields; never rename or drop one.

/** Fields every record carries. `time` is ISO-8601 UTC with milliseconds on disk. */
interface RecordBase<T> {
  time: T;
  machine: number;
}

export interface StartRecord<T = string> extends RecordBase<T> {
  event: 'start';
  clock: 0;
  rate: number;
  peers: number[];
  internalProbability: number;
  seed: number;
  /** 1 for a first start, 2, 3, ... after a crash and restart (faults issue). */
  incarnation?: number;
  /** The Node version a real machine ran on (`v20.20.2`); absent in a simulated run and in logs written before it. */
  node?: string;
  /**
   * True when a real machine's V8 ran without its compilers (`node --jitless`: start-all runs machines at up to 1,000
   * ticks/s so), false when it kept them; absent in a simulated run and in logs written before it.
   */
  jitless?: boolean;
  /**
   * The delay a real machine added to each frame it sent ([min, max] ms, `--delay` or config.json's delayMs), so that a
   * log of machines started by hand says it; absent without one, in a simulated run (run.json has it), and in older logs.
   */
  delayMs?: [number, number];
}

export interface InternalRecord<T = string> extends RecordBase<T> {
  event: 'internal';
  clock: number;
  tick: number;
  queue: number;
}

export interface SendRecord<T = string> extends RecordBase<T> {
  event: 'send';
  clock: number;
  tick: number;
  /** Peers the frame was handed to. */
  to: number[];
  /** Peers the send was meant for but that were not connected. */
  dropped: number[];
  queue: number;
}

export interface ReceiveRecord<T = string> extends RecordBase<T> {
  event: 'receive';
  clock: number;
  tick: number;
  /** Sender id from its hello line, or null when the sender never said hello. */
  from: number | null;
  msgClock: number;
  queue: number;
}

export interface StopRecord<T = string> extends RecordBase<T> {
  event: 'stop';
  clock: number;
  ticks: number;
  /** Messages still queued, never processed. */
  queue: number;
  /** Largest lateness of a tick against its schedule, in milliseconds. */
  maxLagMs: number;
  /** Median and 99th percentile of tick lateness, in milliseconds (0 in a simulated run: virtual ticks are never late). */
  lagP50Ms?: number;
  lagP99Ms?: number;
  /** Largest queue length seen during the run. */
  maxQueue?: number;
  /** Frames refused because the queue was full (faults issue). */
  overflow?: number;
  /**
   * How long the machine ticked, in ms: from its first tick's schedule start (the mesh complete both ways) to the moment it
   * stopped ticking (in a simulated run, virtual ms from the start to the stop). Its ticks are rate x tickingMs / 1000,
   * rounded down, when it kept time. Absent when the machine never started ticking.
   */
  tickingMs?: number;
}

export interface ConnectRecord<T = string> extends RecordBase<T> {
  event: 'connect' | 'disconnect';
  peer: number;
}

export interface WarnRecord<T = string> extends RecordBase<T> {
  event: 'warn';
  reason: string;
  /**
   * Frames the full queue refused (maxQueue): `refused` frames of sender `from` (null when unknown) in a row on one
   * connection, the first with clock `msgClock`, so consecutive sends of `from` (refusals.ts). Absent on other warnings.
   */
  from?: number | null;
  msgClock?: number;
  refused?: number;
}

/** A warn record of frames the full queue refused. */
export type RefusalRecord<T = string> = WarnRecord<T> & { from: number | null; msgClock: number; refused: number };

/** Whether a record tells of frames the full queue refused. */
export function isRefusal<T>(record: MachineRecord<T>): record is RefusalRecord<T> {
  return record.event === 'warn' && record.refused !== undefined;
}

export type TickRecord<T = string> = InternalRecord<T> | SendRecord<T> | ReceiveRecord<T>;

/** Whether a record is one of a tick's (internal, send, receive), on disk or from the core. */
export function isTickRecord<T>(record: MachineRecord<T>): record is TickRecord<T> {
  return record.event === 'internal' || record.event === 'send' || record.event === 'receive';
}

export type MachineRecord<T = string> =
  | StartRecord<T>
  | TickRecord<T>
  | StopRecord<T>
  | ConnectRecord<T>
  | WarnRecord<T>;

export type EventKind = MachineRecord['event'];

/** A record as the core emits it: `time` is epoch milliseconds (possibly fractional), formatted by the log layer. */
export type CoreRecord = MachineRecord<number>;
