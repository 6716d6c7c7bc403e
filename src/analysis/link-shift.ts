// Runs of pairs on a link shifted by one record, said in one note: a record missing from a log shifts every later pair.
//
// FIFO pairing takes the k-th receive on a link for the k-th send. A send missing from the sender's log (or a receive
// logged twice) pairs each later receive with the send after its own, so each carries the clock of the send paired
// before it ("behind"); a missing receive (or a send logged twice) the other way, so each carries the clock of the send
// paired after it ("ahead"). Each such pair is a link-clock violation, as it should be (the logs do not say which
// record is missing), and this note tells the reader that a run of them may have one cause, and where it begins.
// Only when the run is shifted one way throughout, and the log that would hold the cause breaks its tick numbering
// between the pair before the run and the run's first (a missing or repeated record does): wrong clocks (a sender
// whose frames carry its clock + 1) shift the clocks too, but break no tick numbering, and their violations say them.
import { grouped } from '../text/grouped.js';
import { whom } from './check-findings.js';

/** Fewer shifted pairs in a row than this get no note. */
export const MIN_SHIFT = 3;

/** A link: from `from` to incarnation `incarnation` of `to` (the matcher's, used as the key: one object per link). */
export interface ShiftLink {
  readonly from: number;
  readonly to: number;
  readonly incarnation: number;
}

type Way = 'behind' | 'ahead' | 'neither';

/** Where a send or receive record is: its log and line. */
export interface RecordAt {
  readonly file: string;
  readonly line: number;
}

interface LinkRun {
  link: ShiftLink;
  /** The latest pair's clocks (send, message) and records (in the sender's and the receiver's log). */
  sendClock: number;
  msgClock: number;
  sendAt: RecordAt | undefined;
  receiveAt: RecordAt | undefined;
  /** The current run of mismatched pairs: where its first receive is, whose logs broke just before it, its way. */
  first: { k: number; file: string; line: number } | undefined;
  fromBroke: boolean;
  toBroke: boolean;
  way: Way | undefined;
  lastK: number;
  count: number;
}

export class LinkShifts {
  private readonly runs = new Map<ShiftLink, LinkRun>();
  readonly notes: string[] = [];

  /** `brokeBetween(file, after, upTo)`: whether that log breaks its tick numbering at a line in (after, upTo]. */
  constructor(private readonly brokeBetween: (file: string, after: number, upTo: number) => boolean) {}

  /** A pair on `link`: its send (clock, record) and receive #k (message clock, record). */
  pair(link: ShiftLink, sendClock: number, sendAt: RecordAt, msgClock: number, receiveAt: RecordAt, k: number): void {
    let run = this.runs.get(link);
    if (!run) {
      run = { link, sendClock: Number.NaN, msgClock: Number.NaN, sendAt: undefined, receiveAt: undefined, first: undefined, fromBroke: false, toBroke: false, way: undefined, lastK: 0, count: 0 };
      this.runs.set(link, run);
    }
    if (msgClock === sendClock) this.end(run);
    else {
      const way: Way = msgClock === run.sendClock ? 'behind' : run.msgClock === sendClock ? 'ahead' : 'neither';
      // A pair shifted another way than the run's: a second cause, or none; a new run begins with it.
      if (run.first && run.way !== undefined && way !== run.way) this.end(run);
      else if (run.first) run.way = way;
      if (!run.first) {
        run.first = { k, file: receiveAt.file, line: receiveAt.line };
        run.fromBroke = this.brokeBetween(sendAt.file, run.sendAt?.line ?? 0, sendAt.line);
        run.toBroke = this.brokeBetween(receiveAt.file, run.receiveAt?.line ?? 0, receiveAt.line);
      }
      run.lastK = k;
      run.count++;
    }
    run.sendClock = sendClock;
    run.msgClock = msgClock;
    run.sendAt = sendAt;
    run.receiveAt = receiveAt;
  }

  /** Ends every run still open (the end of the logs). */
  finish(): void {
    for (const run of this.runs.values()) this.end(run);
  }

  private end(run: LinkRun): void {
    const { first, count, way } = run;
    const cause = first && count >= MIN_SHIFT && way !== undefined && way !== 'neither' ? this.cause(run, way) : null;
    if (first && cause) {
      const { from, to, incarnation } = run.link;
      const pattern = way === 'behind' ? 'each after the first carries the clock of the send paired before it' : 'each but the last carries the clock of the send paired after it';
      this.notes.push(
        `link-clock: ${grouped(count)} receives in a row at ${whom(to, incarnation)} from machine ${from} (#${first.k} to #${run.lastK}, the first at ${first.file}:${first.line}) ` +
          `are shifted by one: ${pattern}, as ${cause} would make them, and ${run.fromBroke && run.toBroke ? 'both logs break their' : 'that log breaks its'} tick numbering at or just before the first; ` +
          `these ${grouped(count)} link-clock violations may have that one cause`,
      );
    }
    run.first = undefined;
    run.way = undefined;
    run.count = 0;
  }

  /** What would shift the run this way, of the logs that broke their tick numbering just before it; null: neither did. */
  private cause(run: LinkRun, way: 'behind' | 'ahead'): string | null {
    const { from, to } = run.link;
    const causes: string[] = [];
    if (way === 'behind') {
      if (run.fromBroke) causes.push(`one send missing from machine ${from}'s log`);
      if (run.toBroke) causes.push(`one receive logged twice in machine ${to}'s log`);
    } else {
      if (run.toBroke) causes.push(`one receive missing from machine ${to}'s log`);
      if (run.fromBroke) causes.push(`one send logged twice in machine ${from}'s log`);
    }
    return causes.length > 0 ? causes.join(' or ') : null;
  }
}
