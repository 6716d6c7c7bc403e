// The rules `npm run check` verifies, and the shape of a violation (a counterexample naming files, lines, records).
import type { LostOnLink } from './lost-messages.js';

export const RULES = {
  readable: 'every machine log is present, of this run (its seed and start as run.json has them, if any), and every line is a valid record',
  'start-first': 'per machine: one start record, and it comes first',
  'stop-last': 'per machine: one stop record, and it comes last',
  'tick-numbering': 'per machine: ticks numbered 1, 2, 3, ... (and the stop record counts them)',
  'clock-increment': 'per machine: clock +1 on send and internal events (and the stop record keeps the last clock)',
  'receive-clock': 'per machine: clock = max(clock, message clock) + 1 on receive',
  'queue-empty': 'per machine: no send or internal event while the queue still held messages',
  'link-clock': "per link: the k-th receive from a peer carries the clock of that peer's k-th send to it",
  'link-order': 'per link: no message is received before it was sent',
  conservation: 'run: recipients in send records = receives + end queues (+ refused, + lost to faults), per machine, when all stopped together',
  'tick-rate': 'run: tick counts match the rates within 1% (at least 2 ticks of slack)',
} as const;

export type RuleId = keyof typeof RULES;

export const RULE_IDS = Object.keys(RULES) as RuleId[];

/** A line of a log, as evidence. */
export interface RecordRef {
  file: string;
  line: number;
  text: string;
}

export interface Violation {
  rule: RuleId;
  machine?: number;
  /** What is wrong, in one sentence. */
  message: string;
  /** The records involved, in the order they are best read. */
  records: RecordRef[];
}

/** A machine whose log ends without a stop record (or that restarted without one). */
export interface CrashNote {
  machine: number;
  /** The incarnation that ended without a stop record (1 for a machine never restarted). */
  incarnation: number;
  /** The incarnation it restarted as, when it did. */
  restartedAs?: number;
  message: string;
  records: RecordRef[];
}

/**
 * A record whose time is earlier than the one before it in the same log: a system clock stepped back (by NTP, between a
 * machine's crash and its restart: a running machine's times are monotonic) or a hand edit. Not a violation of any
 * Lamport rule, but the time figures around it (drift, latency, rates) are wrong.
 */
export interface BackwardTimeNote {
  machine: number;
  message: string;
  /** The record before and the earlier one. */
  records: RecordRef[];
}

/** Messages from one machine to one incarnation of another that never arrived (runs with faults; not a violation). */
export interface LostNote extends Omit<LostOnLink<unknown>, 'evidence'> {
  message: string;
  /** The first lost sends (for a clean receiver: sends made before the break, among which the lost ones are). */
  records: RecordRef[];
}
