// Per-link rules: the k-th receive carries the clock of the k-th send and is not logged before it; refusals name sends.
// After an unreadable line in a machine's log (a send or receive may have been lost in it, shifting the pairing), the
// links to and from that machine are not judged from its last record before the line until its next restart.
import type { LostNote, RuleId } from './check-rules.js';
import type { RunInfo } from '../log/run-info.js';
import { plural } from '../text/plural.js';
import { grouped } from '../text/grouped.js';
import { ref, whom, type Findings } from './check-findings.js';
import { LinkMatcher, type IncarnationLink, type ReceivedEnd, type RefusedEnd, type SentEnd } from './link-matcher.js';
import { LinkShifts } from './link-shift.js';
import { LogGaps } from './log-gaps.js';
import { runMayBeGoing } from './log-cut-short.js';
import type { LostOnLink } from './lost-messages.js';
import type { MachineCheck } from './machine-check.js';
import type { LinkEnd } from './link-end.js';
import type { LocatedRecord } from './record-stream.js';

type Link = IncarnationLink<LinkEnd, LinkEnd>;

/** Times over which a machine's links are not judged: from its last record before an unreadable line to its restart. */
interface BlindSpan {
  machine: number;
  /** Its incarnation when the gap was seen. */
  incarnation: number;
  from: number;
  /** The time of its restart; undefined: to the end of the log. */
  to: number | undefined;
  /** `file:line` of the latest unreadable line in the span, and of the restart's start record. */
  latest: string;
  restart: string | undefined;
}

/**
 * How the notes on a sender's unlogged sends say its end: a crash, or, when the run's end is not known (still going, or
 * logs of a run killed whole), only where its log ends.
 */
function unloggedWords(endUncertain: boolean): { lastLogged: string; notWritten: string } {
  return endUncertain
    ? { lastLogged: 'logged', notWritten: 'had not written to its log where the logs end (the run may still be going, or the logs were copied from a killed run)' }
    : { lastLogged: 'logged before it crashed', notWritten: 'never wrote to its log' };
}

/** Pairs sends with receives (link-matcher.ts) and judges each pair, and what is left unpaired at the end. */
export class LinkRules {
  readonly links = new LinkMatcher<LinkEnd, LinkEnd>({
    match: (link, send, receive) => this.matched(link, send, receive),
    refuse: (link, send, refusal) => this.refused(link, send, refusal),
  });
  /** `${machine}#${incarnation}` -> receives of sends their killed sender never logged */
  readonly unlogged = new Map<string, number>();
  private readonly spans: BlindSpan[] = [];
  private readonly openSpans = new Map<number, BlindSpan>();
  /** Links with a pair or a leftover in a blind span: what is left on them at the end is not judged either. */
  private readonly blindLinks = new Set<Link>();
  /** Lines where each log breaks its tick numbering (machine-check.ts adds them), for the notes on runs of mismatched pairs. */
  readonly tickBreaks = new LogGaps();
  /** Link-clock and link-order violations per link: a second claim of its sender at its receiver may explain them. */
  private readonly violations = new Map<Link, Map<RuleId, number>>();
  private readonly shifts = new LinkShifts((file, after, upTo) => this.tickBreaks.latestBetween(file, after, upTo + 1) !== undefined);

  /** `logs`: the machines whose logs are read; `readable(id)`: whether any record of its log could be read. */
  constructor(
    private readonly findings: Findings,
    private readonly logs: ReadonlySet<number>,
    private readonly readable: (machine: number) => boolean,
  ) {}

  /** An unreadable line (`where`, file:line) in `machine`'s log after its record at time `since`: its links go blind. */
  blind(machine: number, since: number, where: string): void {
    const open = this.openSpans.get(machine);
    if (open) {
      open.latest = where;
      return;
    }
    const incarnation = this.links.epochs.incarnation(machine);
    const span: BlindSpan = { machine, incarnation, from: since, to: undefined, latest: where, restart: undefined };
    this.spans.push(span);
    this.openSpans.set(machine, span);
  }

  /** `machine` restarted (its start record `at`): its links are judged again. */
  restarted(machine: number, at: LocatedRecord): void {
    const span = this.openSpans.get(machine);
    if (!span) return;
    span.to = at.record.time;
    span.restart = `${at.file}:${at.line}`;
    this.openSpans.delete(machine);
  }

  /** Whether any of `times` falls in a blind span of either end of a link. */
  private blindAt(from: number, to: number, ...times: number[]): boolean {
    return this.spans.some((s) => (s.machine === from || s.machine === to) && times.some((t) => t >= s.from && (s.to === undefined || t < s.to)));
  }

  /** A case of `rules` on the link from `from` to `to` could not be judged: of the machines whose gaps blind it. */
  private unjudged(from: number, to: number, ...rules: RuleId[]): void {
    const blind = new Set(this.spans.filter((s) => s.machine === from || s.machine === to).map((s) => s.machine));
    for (const rule of rules) {
      if (blind.size === 0) this.findings.unjudged(rule);
      for (const machine of blind) this.findings.unjudged(rule, machine);
    }
  }

  /** Whether what is left unmatched on `link` (receives or refusals) cannot be judged: the link, or one of them, is in a blind span. */
  private leftBlind(link: Link, waiting: readonly { payload: LinkEnd }[]): boolean {
    return this.blindLinks.has(link) || waiting.some((r) => this.blindAt(link.from, link.to, r.payload.time));
  }

  /**
   * Whether lost messages were counted on a link that is not judged: their receive may be in the gap, or, lost to a
   * receiver that ended without a stop record after a gap, that stop record too.
   */
  blindLoss(lost: LostOnLink<LinkEnd>): boolean {
    if (lost.reason === 'crash' && this.spans.some((s) => s.machine === lost.to && s.incarnation === lost.incarnation)) return true;
    for (const link of this.blindLinks) if (link.from === lost.from && link.to === lost.to && link.incarnation === lost.incarnation) return true;
    return lost.evidence.some((e) => this.blindAt(lost.from, lost.to, e.time));
  }

  /** A machine with a log of which some record was read. */
  private logged(machine: number): boolean {
    return this.logs.has(machine) && this.readable(machine);
  }

  /** `which has no log`, or `whose log has no readable record`. */
  private noLog(machine: number): string {
    return this.logs.has(machine) ? 'whose log has no readable record' : 'which has no log';
  }

  private matched(link: Link, send: SentEnd<LinkEnd>, receive: ReceivedEnd<LinkEnd>): void {
    const { from, to, incarnation } = link;
    const s = send.payload;
    const r = receive.payload;
    if (this.blindAt(from, to, s.time, r.time)) {
      this.blindLinks.add(link);
      this.unjudged(from, to, 'link-clock', 'link-order');
      return;
    }
    this.findings.judged('link-clock');
    this.findings.judged('link-order');
    this.shifts.pair(link, send.clock, s, receive.msgClock, r, receive.k);
    if (receive.msgClock !== send.clock) {
      this.violated(link, 'link-clock');
      this.findings.violate(
        'link-clock',
        `receive #${receive.k} at ${whom(to, incarnation)} from machine ${from} carries clock ${receive.msgClock}, but machine ${from}'s send #${send.k} to it had clock ${send.clock}`,
        [ref(send.payload), ref(receive.payload)],
        to,
      );
    }
    if (r.time < s.time) {
      this.violated(link, 'link-order');
      this.findings.violate(
        'link-order',
        `receive #${receive.k} at ${whom(to, incarnation)} from machine ${from} is logged ${grouped(s.time - r.time)} ms before its send`,
        [ref(send.payload), ref(receive.payload)],
        to,
      );
    }
  }

  /** A send the receiver's full queue refused: the refusal is logged when the frame arrived, so not before the send. */
  private refused(link: Link, send: SentEnd<LinkEnd>, refusal: RefusedEnd<LinkEnd>): void {
    const { from, to, incarnation } = link;
    const s = send.payload;
    const r = refusal.payload;
    if (this.blindAt(from, to, s.time, r.time)) {
      this.blindLinks.add(link);
      this.unjudged(from, to, 'link-order');
      return;
    }
    this.findings.judged('link-order');
    if (r.time < s.time) {
      this.violated(link, 'link-order');
      this.findings.violate(
        'link-order',
        `machine ${from}'s send #${send.k} to ${whom(to, incarnation)} is refused (queue full) in a record logged ${grouped(s.time - r.time)} ms before the send`,
        [ref(send.payload), ref(refusal.payload)],
        to,
      );
    }
  }

  /**
   * Receives and refusals left unpaired at the end: notes when their sends were never logged, else violations.
   * `endUncertain`: the run may still be going, or its end is unknown, so a sender without a stop record is not
   * called crashed in the notes.
   */
  finish(machines: Iterable<MachineCheck>, endUncertain = false): void {
    const { findings } = this;
    this.shifts.finish();
    findings.notes.push(...this.shifts.notes);
    for (const span of this.spans) {
      const until = span.restart ? `up to its restart at ${span.restart}` : 'to the end of its log';
      findings.notes.push(
        `links to and from machine ${span.machine} not checked across its unreadable lines (latest ${span.latest}) ${until}: ` +
          'a send or receive lost in them would pair the later ones wrongly',
      );
    }
    for (const link of this.links.all()) {
      const { from, to, incarnation, sent } = link;
      const waiting = [...link.stranded];
      let unlogged = link.unlogged;
      const evidence = [...link.unloggedReceives];
      // A sender whose last incarnation crashed: receives above its last logged clock are of sends it never logged (a
      // logged send's clock is at most the last clock the sender logged). That holds in any run, a machine killed by
      // hand as one the fault schedule killed: unlike a loss on a broken connection, it needs no fault to explain it.
      const last = this.links.epochs.incarnation(from);
      for (const r of link.receives) {
        if (this.logged(from) && (this.links.unloggedBy(from, last, r.msgClock) || this.links.takeUnloggedTail(link, r.msgClock))) {
          unlogged++;
          evidence.push(r.payload);
        } else waiting.push(r);
      }
      if (unlogged > 0) {
        const first = evidence[0]!;
        this.unlogged.set(`${to}#${incarnation}`, (this.unlogged.get(`${to}#${incarnation}`) ?? 0) + unlogged);
        const { lastLogged, notWritten } = unloggedWords(endUncertain);
        const killed = endUncertain ? '' : ' (it was killed before writing its last records)';
        findings.notes.push(
          `${plural(unlogged, 'receive')} at ${whom(to, incarnation)} from machine ${from} with a message clock above the last clock machine ${from} ${lastLogged}: ` +
            `sends it made but ${notWritten}${killed}; first at ${first.file}:${first.line}`,
        );
      }
      const first = waiting[0];
      if (!first) continue;
      if (!this.logged(from)) {
        findings.notes.push(`${plural(waiting.length, 'receive')} at machine ${to} from machine ${from}, ${this.noLog(from)}, ${waiting.length === 1 ? 'was' : 'were'} not checked`);
        continue;
      }
      if (this.leftBlind(link, waiting)) {
        this.unjudged(from, to, 'link-clock');
        continue;
      }
      this.violated(link, 'link-clock');
      findings.violate(
        'link-clock',
        `receive #${first.k} at ${whom(to, incarnation)} from machine ${from} has no matching send: machine ${from} ${sent ? `sent only ${plural(sent, 'message')} to it` : 'logged no send to it'} (${plural(waiting.length, 'receive')} unmatched)`,
        [ref(first.payload)],
        to,
      );
    }
    this.finishRefusals(endUncertain);
    const all = [...machines];
    for (const m of all) this.claimNotes(m);
    const unknown = all.reduce((n, m) => n + m.unknownSenders, 0);
    if (unknown) findings.notes.push(`${plural(unknown, 'receive')} with from: null (sender unknown) could not be matched to a send`);
    const unknownRefused = all.reduce((n, m) => n + m.unknownRefused, 0);
    if (unknownRefused) findings.notes.push(`${plural(unknownRefused, 'refused frame')} with from: null (sender unknown) could not be matched to a send`);
  }

  private violated(link: Link, rule: RuleId): void {
    const rules = this.violations.get(link) ?? this.violations.set(link, new Map()).get(link)!;
    rules.set(rule, (rules.get(rule) ?? 0) + 1);
  }

  /**
   * A note for each second connection `receiver` logged claiming machine X while X's first was open, when the link from
   * X to that incarnation of it broke link-clock or link-order: the frames the log counts as X's, or as no one's, may
   * not be X's (X restarting before its old connection closed, a second copy of X, or a stranger that said X's hello
   * first), which would explain those violations. They stay violations: the log cannot tell whose frames were whose.
   */
  private claimNotes(receiver: MachineCheck): void {
    for (const { at, id, incarnation } of receiver.secondClaims) {
      const counts = new Map<RuleId, number>();
      for (const [link, rules] of this.violations) {
        if (link.from !== id || link.to !== receiver.machine || link.incarnation !== incarnation) continue;
        for (const [rule, n] of rules) counts.set(rule, (counts.get(rule) ?? 0) + n);
      }
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      if (total === 0) continue;
      const rules = [...counts.keys()].sort().join(' and ');
      this.findings.notes.push(
        `${rules} from machine ${id} to ${whom(receiver.machine, incarnation)}: a second connection claimed to be machine ${id} (${at.file}:${at.line}) ` +
          `while its first was open, and the log cannot tell which was machine ${id}: machine ${id} restarting before its old connection closed, ` +
          `a second copy of it, or a stranger that said its hello first would explain ${total === 1 ? 'this violation' : `these ${grouped(total)} violations`}`,
      );
    }
  }

  /**
   * Refusals whose sends were not all found: sends a killed sender never logged (a note), a sender without a log (a
   * note), or else a violation of link-clock (no send with that clock, or fewer sends after it than were refused).
   */
  private finishRefusals(endUncertain: boolean): void {
    const { findings } = this;
    for (const link of this.links.all()) {
      const { from, to, incarnation } = link;
      const waiting = [...link.strandedRefusals];
      let unlogged = link.unloggedRefused;
      const last = this.links.epochs.incarnation(from);
      const crashed = !this.links.epochs.end(from, last).stopped;
      for (const r of link.refusals) {
        if (this.logged(from) && crashed && (r.started || this.links.unloggedBy(from, last, r.msgClock))) unlogged += r.left;
        else waiting.push(r);
      }
      if (unlogged > 0) {
        this.unlogged.set(`${to}#${incarnation}`, (this.unlogged.get(`${to}#${incarnation}`) ?? 0) + unlogged);
        const { lastLogged, notWritten } = unloggedWords(endUncertain);
        findings.notes.push(
          `${plural(unlogged, 'refused frame')} at ${whom(to, incarnation)} from machine ${from} beyond the sends machine ${from} ${lastLogged}: ` +
            `sends it made but ${notWritten}`,
        );
      }
      const first = waiting[0];
      if (!first) continue;
      const frames = waiting.reduce((n, r) => n + r.left, 0);
      if (!this.logged(from)) {
        findings.notes.push(`${plural(frames, 'refused frame')} at machine ${to} from machine ${from}, ${this.noLog(from)}, ${frames === 1 ? 'was' : 'were'} not checked`);
        continue;
      }
      if (this.leftBlind(link, waiting)) {
        this.unjudged(from, to, 'link-clock');
        continue;
      }
      const how = first.started
        ? `machine ${from} logged ${plural(first.left, 'send')} fewer after it than were refused`
        : `machine ${from} logged no send with that clock to it`;
      this.violated(link, 'link-clock');
      findings.violate(
        'link-clock',
        `${whom(to, incarnation)} refused frames from machine ${from} from clock ${first.msgClock} on (queue full), but ${how} (${plural(frames, 'refused frame')} unmatched)`,
        [ref(first.payload)],
        to,
      );
    }
  }
}

/**
 * Messages lost on a link, in words; `receiver` is the machine they were sent to. `running`: machines started by hand
 * whose logs a running process still writes (logsOpenForWriting): not received yet rather than lost to a crash.
 */
export function lostNote(lost: LostOnLink<LinkEnd>, receiver: MachineCheck, info: RunInfo | null, running: ReadonlyMap<number, number> = new Map()): LostNote {
  const { from, to, incarnation, count, reason, senderEnded } = lost;
  const messages = count === 1 ? '1 message' : `${count} messages`;
  const target = receiver.incarnations.size > 1 ? `machine ${to} (incarnation ${incarnation})` : whom(to, incarnation);
  const them = count === 1 ? 'it' : 'them';
  const why =
    reason === 'crash'
      ? running.has(to)
        ? `${target} is still running and has not received ${them} yet`
        : runMayBeGoing(info)
          ? `${target} has no stop record (still running, or killed or crashed) and has not received ${them}`
          : `${target} ended without a stop record (killed or crashed) before receiving ${them}`
      : senderEnded
        ? running.has(from)
          ? `machine ${from} is still running and ${count === 1 ? 'it was' : 'they were'} not delivered yet`
          : `machine ${from} ended without a stop record (killed or crashed) before ${count === 1 ? 'it was' : 'they were'} delivered: its connection to machine ${to} ended with it`
        : `machine ${from}'s connection to machine ${to} broke before ${count === 1 ? 'it was' : 'they were'} delivered`;
  return { from, to, incarnation, count, reason, ...(senderEnded ? { senderEnded } : {}), message: `${messages} from machine ${from} to ${target} lost: ${why}`, records: lost.evidence.map(ref) };
}
