// Runs of pairs on a link whose clocks differ, said in one note: a record missing from a log shifts every later pair.
//
// FIFO pairing takes the k-th receive on a link for the k-th send. A send missing from the sender's log (deleted, or
// lines out of order) pairs each later receive with the send after its own, so each carries the clock of the send
// paired before it; a missing receive, the other way, so each receive carries the clock of the send paired after it.
// Each such pair is a link-clock violation, as it should be (the logs do not say which record is missing), and this
// note tells the reader that a run of them may have one cause, and where it begins. Only when the log of either end
// breaks its tick numbering, as a missing, repeated or moved record does: a sender whose frames carry its clock + 1
// shifts the clocks the same way, and that is a wrong clock on every pair, which its violations say as they are.
import { grouped } from '../text/grouped.js';
import { whom } from './check-findings.js';

/** Fewer mismatched pairs in a row than this get no note: a wrong clock or two, not a shift. */
export const MIN_SHIFT = 3;

/** Where a run of mismatched pairs began. */
export interface ShiftStart {
  k: number;
  file: string;
  line: number;
}

/** A link: from `from` to incarnation `incarnation` of `to` (the matcher's, used as the key: one object per link). */
export interface ShiftLink {
  readonly from: number;
  readonly to: number;
  readonly incarnation: number;
}

interface LinkRun {
  link: ShiftLink;
  /** The clocks of the latest pair. */
  send: number;
  receive: number;
  /** The current run of mismatched pairs: its first receive, its latest receive's number, how many of them are shifted which way. */
  first: ShiftStart | undefined;
  lastK: number;
  count: number;
  /** Carrying the clock of the send paired before (a send missing), and preceded by a receive carrying this send's clock (a receive missing). */
  behind: number;
  ahead: number;
}

export class LinkShifts {
  private readonly runs = new Map<ShiftLink, LinkRun>();
  readonly notes: string[] = [];

  /** `ticksBroken(machine)`: whether that machine's log breaks its tick numbering (asked when a run ends). */
  constructor(private readonly ticksBroken: (machine: number) => boolean) {}

  /** A pair on `link`: receive #k (at `at`) with `msgClock`, its send with `clock`. */
  pair(link: ShiftLink, clock: number, msgClock: number, k: number, at: { file: string; line: number }): void {
    let run = this.runs.get(link);
    if (!run) {
      run = { link, send: Number.NaN, receive: Number.NaN, first: undefined, lastK: 0, count: 0, behind: 0, ahead: 0 };
      this.runs.set(link, run);
    }
    if (msgClock === clock) this.end(run);
    else {
      run.first ??= { k, file: at.file, line: at.line };
      run.lastK = k;
      run.count++;
      if (msgClock === run.send) run.behind++;
      if (run.receive === clock) run.ahead++;
    }
    run.send = clock;
    run.receive = msgClock;
  }

  /** Ends every run still open (the end of the logs). */
  finish(): void {
    for (const run of this.runs.values()) this.end(run);
  }

  private end(run: LinkRun): void {
    const { first, count } = run;
    const { from, to, incarnation } = run.link;
    const broken = first && count >= MIN_SHIFT ? [from, to].filter(this.ticksBroken) : [];
    if (first && broken.length > 0) {
      // In a shift, the first pair follows one that matched, so it is not behind; the last is not followed, so it is not ahead.
      const why =
        run.behind >= count - 1
          ? `each after the first carries the clock of the send paired before it, as one send missing from machine ${from}'s log (or one receive logged twice) just before the first would make them`
          : run.ahead >= count - 1
            ? `each but the last carries the clock of the send paired after it, as one receive missing from machine ${to}'s log (or one send logged twice) just before the first would make them`
            : 'a send or receive missing from a log, or lines out of order, would shift every later pair';
      this.notes.push(
        `link-clock: ${grouped(count)} receives in a row at ${whom(to, incarnation)} from machine ${from} (#${first.k} to #${run.lastK}, the first at ${first.file}:${first.line}) ` +
          `carry clocks other than their sends': ${why}, and ${brokenText(broken)}; ` +
          `these ${grouped(count)} violations may have that one cause`,
      );
    }
    run.first = undefined;
    run.count = 0;
    run.behind = 0;
    run.ahead = 0;
  }
}

/** `machine 1's log breaks its tick numbering`, or `the logs of machines 1 and 3 break their tick numbering`. */
function brokenText(machines: number[]): string {
  return machines.length === 1 ? `machine ${machines[0]}'s log breaks its tick numbering` : `the logs of machines ${machines.join(' and ')} break their tick numbering`;
}
