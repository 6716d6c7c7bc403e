// The two line formats of a record: the JSONL contract line and the second notebook's human line, with milliseconds.
import type { CoreRecord, MachineRecord } from '../core/records.js';
import { delayRange } from '../text/delay-range.js';

/** The last instant a JavaScript Date holds (+275760-09-13), in ms either side of 1970: isoTime throws past it. */
export const LAST_DATE_MS = 8.64e15;

/** ISO-8601 UTC with milliseconds for an epoch-milliseconds time. */
export function isoTime(ms: number): string {
  return new Date(Math.floor(ms)).toISOString();
}

/** The on-disk record: the core's record with `time` as ISO text (field order kept, `time` first). */
export function toLogRecord(record: CoreRecord): MachineRecord {
  return { ...record, time: isoTime(record.time) } as MachineRecord;
}

/** One JSONL line (without the newline). */
export function jsonLine(record: CoreRecord): string {
  return JSON.stringify(toLogRecord(record));
}

const ids = (list: readonly number[]): string => (list.length ? list.join(', ') : '-');

/** `, Node: v20.20.2 jitless` from a start record that says how its machine ran (nothing for one that does not). */
const nodeText = (record: { node?: string; jitless?: boolean }): string =>
  record.node === undefined ? '' : `, Node: ${record.node}${record.jitless ? ' jitless' : ''}`;

/** `, Delay: 100-500 ms` (`, Delay: 5 ms` when fixed) from a start record that names its added delay (nothing without). */
const delayText = (record: { delayMs?: [number, number] }): string =>
  record.delayMs === undefined ? '' : `, Delay: ${delayRange(record.delayMs)}`;

/** `2026-11-21 12:46:04.123 | RECEIVE | Clock: 5 | Message clock: 4, Queue length: 0, From: 2` */
export function humanLine(record: CoreRecord | MachineRecord): string {
  const iso = typeof record.time === 'number' ? isoTime(record.time) : record.time;
  const stamp = `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
  const head = `${stamp} | ${record.event.toUpperCase()}`;
  switch (record.event) {
    case 'start':
      return `${head} | Clock: 0 | Rate: ${record.rate}/s, Peers: ${ids(record.peers)}, Internal probability: ${record.internalProbability}, Seed: ${record.seed}${record.incarnation ? `, Incarnation: ${record.incarnation}` : ''}${nodeText(record)}${delayText(record)}`;
    case 'internal':
      return `${head} | Clock: ${record.clock} | Queue length: ${record.queue}`;
    case 'send':
      // `dropped` names peers, not a count: `To: 1, Not sent to: 2 (not connected or not reading)`.
      return `${head} | Clock: ${record.clock} | To: ${ids(record.to)}${record.dropped.length ? `, Not sent to: ${ids(record.dropped)} (not connected or not reading)` : ''}, Queue length: ${record.queue}`;
    case 'receive':
      return `${head} | Clock: ${record.clock} | Message clock: ${record.msgClock}, Queue length: ${record.queue}, From: ${record.from ?? 'unknown'}`;
    case 'stop':
      return `${head} | Clock: ${record.clock} | Ticks: ${record.ticks}, Queue length: ${record.queue}, Max lag: ${record.maxLagMs} ms`;
    case 'connect':
    case 'disconnect':
      return `${head} | Peer: ${record.peer}`;
    case 'warn':
      return `${head} | ${record.reason}`;
  }
}
