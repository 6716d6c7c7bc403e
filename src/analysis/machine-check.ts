// Per-machine rules: one start first, one stop last, ticks 1, 2, 3, ..., the clock rules and an empty queue on sends.
// After an unreadable line (a gap, log-gaps.ts) the rules start again from the next record: what the gap held is unknown.
import { isRefusal } from '../core/records.js';
import { secondClaimOf } from '../net/second-claim.js';
import { otherRunHelloOf, otherRunPeerOf } from '../net/other-run-warning.js';
import { plural } from '../text/plural.js';
import { valueText } from '../text/value-text.js';
import { article, ref, type Findings } from './check-findings.js';
import type { LinkMatcher } from './link-matcher.js';
import type { LogGaps } from './log-gaps.js';
import { linkEnd, type LinkEnd } from './link-end.js';
import type { LocatedRecord } from './record-stream.js';

export interface IncarnationCount {
  sentTo: number;
  received: number;
  /** Frames from senders that never said hello (or whose hello was a second claim): received or refused. */
  unknown: number;
  stop: LocatedRecord | undefined;
}

/** What the checker knows of one machine so far. */
export class MachineCheck {
  first: LocatedRecord | undefined;
  start: LocatedRecord | undefined;
  stop: LocatedRecord | undefined;
  last: LocatedRecord | undefined;
  /** The last record that set the clock (start, tick or stop). */
  lastClock: LocatedRecord | undefined;
  lastTick: LocatedRecord | undefined;
  /** The first tick of the current incarnation. */
  firstTick: LocatedRecord | undefined;
  incarnation = 1;
  clock = 0;
  tick = 0;
  /** Ticks in the current incarnation. */
  ticks = 0;
  unknownSenders = 0;
  /** Frames refused from senders that never said hello (warn records with from: null). */
  unknownRefused = 0;
  /**
   * Its warnings that a second connection claimed a connected machine (second-claim.ts): the first per machine claimed
   * and incarnation of its own (a connection does not outlive the incarnation that accepted it).
   */
  readonly secondClaims: { at: LocatedRecord; id: number; incarnation: number }[] = [];
  /** Its warnings that a peer it dialled was a machine of another run (other-run-warning.ts): the first per peer. */
  readonly otherRunPeers: { at: LocatedRecord; peer: number }[] = [];
  /** Its warnings that a machine of another run dialled it, saying it was machine `id`: the first per id. */
  readonly otherRunHellos: { at: LocatedRecord; id: number }[] = [];
  /**
   * The first send to it logged after its stop record (by time), and how many such: machines that stopped one by one,
   * each when it chose (students' own), so that sends to one already stopped have nowhere to go.
   */
  sentAfterStop: { stop: LocatedRecord; first: LocatedRecord; count: number; senders: Set<number> } | undefined;
  /** It restarted at least once without a stop record (killed, or crashed): some of its last records may be missing. */
  restartedWithoutStop = false;
  /** Per incarnation: messages sent to it and received by it, and its stop record. */
  readonly incarnations = new Map<number, IncarnationCount>();
  constructor(readonly machine: number) {}

  count(incarnation = this.incarnation): IncarnationCount {
    let count = this.incarnations.get(incarnation);
    if (!count) this.incarnations.set(incarnation, (count = { sentTo: 0, received: 0, unknown: 0, stop: undefined }));
    return count;
  }
}

/** What the per-machine rules use besides the machine itself. */
export interface MachineRuleScope {
  findings: Findings;
  links: LinkMatcher<LinkEnd, LinkEnd>;
  machine(id: number): MachineCheck;
  /** An incarnation ends (its stop record, or a restart without one): the rules over a whole incarnation. */
  endIncarnation(m: MachineCheck): void;
  /** Where each log breaks its tick numbering (its records that break the tick-numbering rule). */
  tickBreaks: LogGaps;
  /** Whether the fault schedule's kill ended the machine's current incarnation (scheduleKills). */
  killedByFault(m: MachineCheck): boolean;
}

/**
 * Applies the per-machine rules to a record of machine `m` (links.observe has seen it). `gap`: the latest unreadable
 * line of its log between its previous record and this one, if any: this record is then not compared with those before.
 */
export function checkMachineRecord(scope: MachineRuleScope, m: MachineCheck, at: LocatedRecord, gap?: number): void {
  const r = at.record;
  const { findings } = scope;
  if (m.last && r.time < m.last.record.time) findings.timeWentBack(m.machine, m.last, at);
  m.first ??= at;
  if (m.first === at && r.event !== 'start' && gap === undefined) {
    findings.violate('start-first', `machine ${m.machine}'s log begins with ${article(r.event)} ${r.event} record, not start`, [ref(at)], m.machine);
  }
  if (r.event === 'start') onStart(scope, m, at, gap);
  else if (m.stop) {
    findings.violate('stop-last', `machine ${m.machine} logged ${article(r.event)} ${r.event} record after its stop record`, [ref(m.stop), ref(at)], m.machine);
  }
  switch (r.event) {
    case 'internal':
    case 'send':
    case 'receive':
      onTick(scope, m, at, gap !== undefined);
      break;
    case 'stop':
      onStop(scope, m, at, gap !== undefined);
      break;
    case 'warn':
      if (!isRefusal(r)) {
        const id = secondClaimOf(r.reason);
        if (id !== null && !m.secondClaims.some((c) => c.id === id && c.incarnation === m.incarnation)) m.secondClaims.push({ at, id, incarnation: m.incarnation });
        const peer = otherRunPeerOf(r.reason);
        if (peer !== null && !m.otherRunPeers.some((o) => o.peer === peer)) m.otherRunPeers.push({ at, peer });
        const dialler = otherRunHelloOf(r.reason);
        if (dialler !== null && !m.otherRunHellos.some((o) => o.id === dialler)) m.otherRunHellos.push({ at, id: dialler });
        break;
      }
      if (r.from === null) {
        m.unknownRefused += r.refused;
        m.count().unknown += r.refused;
      } else scope.links.refuse(r.from, m.machine, r.msgClock, r.refused, linkEnd(at));
      break;
    default:
      break;
  }
  m.last = at;
}

function onStart(scope: MachineRuleScope, m: MachineCheck, at: LocatedRecord, gap: number | undefined): void {
  const r = at.record;
  if (r.event !== 'start') return;
  // Optional in a start record, but when given it is 0: every incarnation starts its clock at 0, and the ticks after
  // it are judged from 0.
  const clock: unknown = (r as { clock?: unknown }).clock;
  if (clock !== undefined && clock !== 0) {
    // `"0"` read as 0 by a person: said to be the number.
    const zero = typeof clock === 'string' && Number(clock) === 0 ? ' (the number 0, not a string)' : '';
    scope.findings.violate('clock-increment', `machine ${m.machine}'s start record has clock ${valueText(clock)}: a machine starts (and restarts) at clock 0${zero}`, [ref(at)], m.machine);
  }
  // The ticks after it are judged from the clock it gives, when that is a clock: one finding, not one per record.
  const startClock = typeof clock === 'number' && Number.isSafeInteger(clock) && clock >= 0 ? clock : 0;
  if (!m.start) {
    m.start = at;
    m.lastClock = at;
    m.incarnation = r.incarnation ?? 1;
    m.clock = startClock;
    return;
  }
  const incarnation = r.incarnation ?? 1;
  if (incarnation > m.incarnation) {
    // A restart (faults issue): the previous incarnation ends here (its stop record, if any, ended it already);
    // the clock and ticks begin again.
    if (!m.stop) scope.endIncarnation(m);
    if (!m.stop && gap !== undefined) {
      // Its stop record may be one of the unreadable lines: not a crash as far as the log can tell.
      scope.findings.notes.push(
        `machine ${m.machine} restarted (incarnation ${incarnation}) with no stop record read before it, after unreadable lines (latest ${at.file}:${gap}): ` +
          'its stop record may be among them, so this is not reported as a crash',
      );
    } else if (!m.stop) {
      m.restartedWithoutStop = true;
      scope.findings.crashed.push({
        machine: m.machine,
        incarnation: m.incarnation,
        restartedAs: incarnation,
        message: scope.killedByFault(m)
          ? `machine ${m.machine}'s incarnation ${m.incarnation} was killed by the fault schedule (so no stop record), then it restarted as incarnation ${incarnation}`
          : `machine ${m.machine}'s incarnation ${m.incarnation} ended without a stop record (crashed or killed), then it restarted as incarnation ${incarnation}`,
        records: [ref(m.last ?? at), ref(at)],
      });
    }
    m.incarnation = incarnation;
    m.start = at;
    m.stop = undefined;
    m.lastTick = undefined;
    m.firstTick = undefined;
    m.lastClock = at;
    m.clock = startClock;
    m.tick = 0;
    m.ticks = 0;
    return;
  }
  scope.findings.violate('start-first', `machine ${m.machine} has a second start record`, [ref(m.start), ref(at)], m.machine);
}

/**
 * ` (a send to several peers is one record ...)` when this send repeats the tick of the send before it: a machine that
 * logs a record per recipient breaks the tick and clock rules at the second, and the rule alone does not say why.
 */
function splitSendHint(previous: LocatedRecord | undefined, r: LocatedRecord['record']): string {
  const p = previous?.record;
  if (r.event !== 'send' || p?.event !== 'send' || p.tick !== r.tick) return '';
  return ' (a send to several peers is one record with every recipient in "to", such as "to": [2, 3], and one tick: not a record per peer)';
}

/** `afterGap`: an unreadable line came before this record: its tick and clock start a new baseline. */
function onTick(scope: MachineRuleScope, m: MachineCheck, at: LocatedRecord, afterGap: boolean): void {
  const r = at.record;
  if (r.event !== 'internal' && r.event !== 'send' && r.event !== 'receive') return;
  const { findings, links } = scope;
  const previous = m.lastTick;
  m.ticks++;
  m.firstTick ??= at;
  if (!afterGap && r.tick !== m.tick + 1) {
    scope.tickBreaks.add(at.file, at.line);
    findings.violate(
      'tick-numbering',
      `machine ${m.machine}'s ${r.event} record has tick ${r.tick}, expected ${m.tick + 1}${splitSendHint(previous, r)}`,
      previous ? [ref(previous), ref(at)] : [ref(at)],
      m.machine,
    );
  }
  m.tick = r.tick;
  const before = m.lastClock ? [ref(m.lastClock), ref(at)] : [ref(at)];
  if (r.event === 'receive') {
    const expected = Math.max(m.clock, r.msgClock) + 1;
    if (!afterGap && r.clock !== expected) {
      findings.violate(
        'receive-clock',
        `machine ${m.machine} received message clock ${r.msgClock} with clock ${m.clock} and set its clock to ${r.clock}, expected max(${m.clock}, ${r.msgClock}) + 1 = ${expected}`,
        before,
        m.machine,
      );
    }
    m.count().received++;
    if (r.from === null) {
      m.unknownSenders++;
      m.count().unknown++;
    } else links.receive(r.from, m.machine, r.msgClock, linkEnd(at));
  } else {
    if (!afterGap && r.clock !== m.clock + 1) {
      findings.violate('clock-increment', `machine ${m.machine}'s ${r.event} event moved its clock from ${m.clock} to ${r.clock}, expected ${m.clock + 1}${splitSendHint(previous, r)}`, before, m.machine);
    }
    const held = !afterGap && previous && 'queue' in previous.record ? previous.record.queue : 0;
    if (held > 0) {
      // A logger of one's own that writes a receive's queue before taking its message off reads 1 too many.
      const popped = previous!.record.event === 'receive' ? ', a receive: if it logged its queue before taking its message off, that is 1 too many' : '';
      findings.violate(
        'queue-empty',
        `machine ${m.machine} did ${article(r.event)} ${r.event} event while its queue still held ${plural(held, 'message')} (left by its previous tick${popped})`,
        [ref(previous!), ref(at)],
        m.machine,
      );
    } else if (r.queue > 0) {
      // Frames read by another thread may come in during the tick: the length the tick found is the one to log.
      const during = held === 0 ? ` (if ${r.queue === 1 ? 'it' : 'they'} came in during the tick, log the length the tick found, 0: see docs/logs.md)` : '';
      findings.violate('queue-empty', `machine ${m.machine} did ${article(r.event)} ${r.event} event with ${plural(r.queue, 'message')} in its queue${during}`, [ref(at)], m.machine);
    }
    if (r.event === 'send') {
      const end = linkEnd(at);
      for (const to of r.to) {
        const recipient = scope.machine(to);
        const count = recipient.count(links.epochs.incarnation(to));
        count.sentTo++;
        if (count.stop && r.time > count.stop.record.time) {
          recipient.sentAfterStop ??= { stop: count.stop, first: at, count: 0, senders: new Set() };
          recipient.sentAfterStop.count++;
          recipient.sentAfterStop.senders.add(m.machine);
        }
        links.send(m.machine, to, r.clock, end);
      }
    }
  }
  m.clock = r.clock;
  m.lastClock = at;
  m.lastTick = at;
}

function onStop(scope: MachineRuleScope, m: MachineCheck, at: LocatedRecord, afterGap: boolean): void {
  const r = at.record;
  if (r.event !== 'stop') return;
  if (m.stop && m.stop !== at) {
    // A second stop: already reported as a record after the stop.
    return;
  }
  m.stop = at;
  m.count().stop = at;
  if (!afterGap && r.ticks !== m.tick) {
    scope.tickBreaks.add(at.file, at.line);
    scope.findings.violate('tick-numbering', `machine ${m.machine}'s stop record counts ${r.ticks} ticks, but its last tick was ${m.tick}`, m.lastTick ? [ref(m.lastTick), ref(at)] : [ref(at)], m.machine);
  }
  if (!afterGap && r.clock !== m.clock) {
    scope.findings.violate('clock-increment', `machine ${m.machine}'s stop record has clock ${r.clock}, but its clock was ${m.clock}`, m.lastClock ? [ref(m.lastClock), ref(at)] : [ref(at)], m.machine);
  }
  scope.endIncarnation(m);
}
