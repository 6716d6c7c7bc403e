// Which incarnation of each machine is running, and when each directed link's TCP connection broke, from the records.
//
// Incarnations: a start record with `"incarnation": n` above the machine's current one begins incarnation n (a crash
// and restart, faults issue). A send at time t is addressed to the latest incarnation of its target whose start
// record was read by then: records come in time order, so that is the incarnation that ran at t (before the restart
// the links to the dead machine were down; after it the old incarnation is dead).
//
// Connection epochs: a frame can only be lost when the connection carrying it breaks. Link a->b's epoch counts the
// breaks of a's outbound connection to b. A `disconnect b` record of machine a is a break once a goes on afterwards
// (a later tick record, or a `connect b`); a disconnect followed only by a's stop record is the orderly shutdown and
// is not one. A restart of a breaks all its links (its process died with them), and so does a crash at the end of
// the logs (see `finalEpoch`). Sends carry the epoch of their link; a send from an epoch older than the link's is one
// whose connection broke after it was made, and may have been lost.
import type { CoreRecord } from '../core/records.js';

/** How an incarnation ended: with a stop record (and what it left unprocessed), or not (yet). */
export interface IncarnationEnd {
  stopped: boolean;
  /** Queue plus refused frames of its stop record: messages that reached it but were never received. */
  left: number;
}

interface LinkEpoch {
  epoch: number;
  /** A disconnect was logged and the sender has not gone on yet. */
  pending: boolean;
  /** When the pending disconnect was logged. */
  brokeAt?: number;
}

export class LinkEpochs {
  private readonly incarnations = new Map<number, number>();
  private readonly stopped = new Map<number, boolean>();
  /** `${machine}#${incarnation}` -> how it ended */
  private readonly ends = new Map<string, IncarnationEnd>();
  /** from -> to -> epoch */
  private readonly links = new Map<number, Map<number, LinkEpoch>>();
  private readonly pending = new Map<number, number>();
  /** Restarts per machine: every epoch of its links counts them too. */
  private readonly generations = new Map<number, number>();
  /** The clock of each machine's latest tick record (current incarnation), and of earlier incarnations' last ones. */
  private readonly clocks = new Map<number, number>();
  private readonly lastClocks = new Map<string, number>();
  /** `${machine}#${incarnation}` -> the incarnation before it */
  private readonly previous = new Map<string, number>();
  /** The time of each machine's latest record (current incarnation), and of earlier incarnations' last ones. */
  private readonly lastTimes = new Map<number, number>();
  private readonly endTimes = new Map<string, number>();
  /** `${from}>${to}` -> when the link's connection broke mid-run (a disconnect its sender went on after): the epoch it rose to, and when. */
  private readonly breaks = new Map<string, { epoch: number; time: number }[]>();

  /** The machine's current incarnation (1 until a start record says otherwise). */
  incarnation(machine: number): number {
    return this.incarnations.get(machine) ?? 1;
  }

  /** Whether a start record of the machine was read (a machine with no log has none). */
  started(machine: number): boolean {
    return this.incarnations.has(machine);
  }

  /** Whether the machine's current incarnation has logged its stop record. */
  hasStopped(machine: number): boolean {
    return this.stopped.get(machine) ?? false;
  }

  /** How incarnation `incarnation` of `machine` ended (not stopped when no stop record was read for it). */
  end(machine: number, incarnation: number): IncarnationEnd {
    return this.ends.get(`${machine}#${incarnation}`) ?? { stopped: false, left: 0 };
  }

  /** The clock of the last tick record logged by that incarnation (0 if none). */
  lastClock(machine: number, incarnation: number): number {
    if (incarnation === this.incarnation(machine)) return this.clocks.get(machine) ?? 0;
    return this.lastClocks.get(`${machine}#${incarnation}`) ?? 0;
  }

  /**
   * Whether link from->to's connection broke after a send of epoch `epoch` and while incarnation `incarnation` of `to`
   * still ran (by its last record): a send to an incarnation that later crashed that was lost to the break, not the crash.
   */
  brokeWhileRunning(from: number, to: number, incarnation: number, epoch: number): boolean {
    const end = incarnation === this.incarnation(to) ? this.lastTimes.get(to) : this.endTimes.get(`${to}#${incarnation}`);
    if (end === undefined) return false;
    return (this.breaks.get(`${from}>${to}`) ?? []).some((b) => b.epoch > epoch && b.time <= end);
  }

  /**
   * Whether link from->to's connection was logged breaking (a disconnect its sender went on after) after a send of
   * epoch `epoch`. When it was not, yet the send's epoch is older than the link's final one, what broke it was the
   * sender's own end: a crash, a kill, or a restart.
   */
  brokeByDisconnect(from: number, to: number, epoch: number): boolean {
    return (this.breaks.get(`${from}>${to}`) ?? []).some((b) => b.epoch > epoch);
  }

  /** The incarnation of `machine` that ran before `incarnation`, if the logs show one. */
  previousIncarnation(machine: number, incarnation: number): number | undefined {
    return this.previous.get(`${machine}#${incarnation}`);
  }

  epoch(from: number, to: number): number {
    return (this.generations.get(from) ?? 0) + (this.links.get(from)?.get(to)?.epoch ?? 0);
  }

  /**
   * The epoch a link ends with: one more when its sender's last incarnation crashed (no stop record), since its
   * connections died with it. Does not change the state (the logs may still grow).
   */
  finalEpoch(from: number, to: number): number {
    return this.epoch(from, to) + (this.hasStopped(from) ? 0 : 1);
  }

  /** Feeds one record, before the send or receive it may be is matched. Returns true when it begins a new incarnation. */
  observe(record: CoreRecord): boolean {
    const machine = record.machine;
    if (record.event !== 'start') this.lastTimes.set(machine, record.time);
    switch (record.event) {
      case 'start': {
        const seen = this.incarnations.get(machine);
        const incarnation = record.incarnation ?? 1;
        if (seen !== undefined && incarnation <= seen) return false;
        this.incarnations.set(machine, incarnation);
        this.stopped.set(machine, false);
        if (seen !== undefined) {
          this.breakAll(machine);
          this.previous.set(`${machine}#${incarnation}`, seen);
          this.lastClocks.set(`${machine}#${seen}`, this.clocks.get(machine) ?? 0);
          const ended = this.lastTimes.get(machine);
          if (ended !== undefined) this.endTimes.set(`${machine}#${seen}`, ended);
        }
        this.clocks.set(machine, 0);
        this.lastTimes.set(machine, record.time);
        return seen !== undefined;
      }
      case 'stop':
        this.stopped.set(machine, true);
        this.ends.set(`${machine}#${this.incarnation(machine)}`, { stopped: true, left: record.queue + (record.overflow ?? 0) });
        return false;
      case 'disconnect': {
        const link = this.link(machine, record.peer);
        if (!link.pending) {
          link.pending = true;
          link.brokeAt = record.time;
          this.pending.set(machine, (this.pending.get(machine) ?? 0) + 1);
        }
        return false;
      }
      case 'connect':
        this.settle(machine, record.peer, record.time);
        return false;
      case 'internal':
      case 'send':
      case 'receive':
        this.clocks.set(machine, record.clock);
        if (this.pending.get(machine)) for (const peer of this.links.get(machine)!.keys()) this.settle(machine, peer, record.time);
        return false;
      default:
        return false;
    }
  }

  private link(from: number, to: number): LinkEpoch {
    let outbound = this.links.get(from);
    if (!outbound) this.links.set(from, (outbound = new Map()));
    let link = outbound.get(to);
    if (!link) outbound.set(to, (link = { epoch: 0, pending: false }));
    return link;
  }

  /** The sender went on after a disconnect (at `time`): the connection broke mid-run. */
  private settle(from: number, to: number, time: number): void {
    const link = this.links.get(from)?.get(to);
    if (!link?.pending) return;
    link.pending = false;
    link.epoch++;
    this.pending.set(from, this.pending.get(from)! - 1);
    const key = `${from}>${to}`;
    const broke = { epoch: this.epoch(from, to), time: link.brokeAt ?? time };
    link.brokeAt = undefined;
    const list = this.breaks.get(key);
    if (list) list.push(broke);
    else this.breaks.set(key, [broke]);
  }

  /** A restart: every connection of the previous incarnation is gone (a pending disconnect was part of that). */
  private breakAll(from: number): void {
    this.generations.set(from, (this.generations.get(from) ?? 0) + 1);
    for (const link of this.links.get(from)?.values() ?? []) link.pending = false;
    this.pending.set(from, 0);
  }
}
