// Frames a full queue refused, gathered into runs: one warn record per run names the sends it refused.
//
// A run is a sender's frames refused one after the other on one connection, with none of its frames queued in between:
// on a FIFO link those are consecutive sends of that sender. The record carries the sender (`from`), the first refused
// frame's clock (`msgClock`) and how many were refused (`refused`), so that the analysis can tell which sends were
// refused. A run ends when a frame of its sender is queued again or comes on another connection (it is then "closed"
// and waits to be taken), or when the driver takes every run (a timer, a tick, the stop). Runs keep a flood of frames
// into a full queue from writing a record per frame.
import type { RefusalRecord } from './records.js';

interface Run {
  from: number | null;
  /** The connection the frames came on (the driver's number for it; 0 when it has one link per sender). */
  link: number;
  msgClock: number;
  refused: number;
  /** The queue's length (its capacity) when the run began. */
  queue: number;
}

/** The open run of a sender; a sender that never said hello is told apart by its connection. */
const key = (from: number | null, link: number): number => (from === null ? -1 - link : from);

export class RefusalRuns {
  private readonly open = new Map<number, Run>();
  private closed: Run[] = [];

  /** Whether a run is open or waits to be taken. */
  get pending(): boolean {
    return this.open.size > 0 || this.closed.length > 0;
  }

  /** Whether a run is still open (more frames may join it). */
  get hasOpen(): boolean {
    return this.open.size > 0;
  }

  /** A frame of `from` on connection `link` was refused with the queue at `queue`. */
  refuse(from: number | null, link: number, msgClock: number, queue: number): void {
    const k = key(from, link);
    const run = this.open.get(k);
    if (run && run.link === link) {
      run.refused++;
      return;
    }
    if (run) this.closed.push(run);
    this.open.set(k, { from, link, msgClock, refused: 1, queue });
  }

  /** A frame of `from` on connection `link` was queued: its sender's open run, if any, has ended. */
  queued(from: number | null, link: number): void {
    if (this.open.size === 0) return;
    const k = key(from, link);
    const run = this.open.get(k);
    if (!run) return;
    this.open.delete(k);
    this.closed.push(run);
  }

  /** The records of the runs that ended, oldest first, and with `all` of the open ones too; they are forgotten. */
  take(now: number, machine: number, all: boolean): RefusalRecord<number>[] {
    const runs = this.closed;
    this.closed = [];
    if (all) {
      runs.push(...this.open.values());
      this.open.clear();
    }
    return runs.map((run) => refusalRecord(now, machine, run));
  }
}

function refusalRecord(now: number, machine: number, run: Run): RefusalRecord<number> {
  const sender = run.from === null ? 'an unknown sender' : `machine ${run.from}`;
  const what =
    run.refused === 1
      ? `message clock:${run.msgClock} from ${sender} refused`
      : `${run.refused} messages from ${sender} refused, clock:${run.msgClock} and the next ${run.refused - 1}`;
  return {
    time: now,
    machine,
    event: 'warn',
    reason: `queue full (${run.queue}): ${what}`,
    from: run.from,
    msgClock: run.msgClock,
    refused: run.refused,
  };
}
