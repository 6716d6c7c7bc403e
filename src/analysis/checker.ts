// Checks a run's records against the rules in check-rules.ts, fed in time order; collects counterexamples.
import type { RunInfo } from '../log/run-info.js';
import type { CrashNote, RecordRef, RuleId, Violation } from './check-rules.js';
import { LinkMatcher } from './link-matcher.js';
import type { InputProblem } from './problems.js';
import type { LocatedRecord } from './record-stream.js';

/** Counterexamples kept per rule; further violations are only counted. */
export const KEPT_PER_RULE = 10;

const article = (word: string): string => (/^[aeiou]/.test(word) ? 'an' : 'a');

const ref = (r: LocatedRecord): RecordRef => ({ file: r.file, line: r.line, text: r.text });

class MachineCheck {
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
  /** Ticks in the current incarnation, and messages received, sent to it, left and refused. */
  ticks = 0;
  received = 0;
  sentTo = 0;
  unknownSenders = 0;
  constructor(readonly machine: number) {}
}

export interface CheckerOutcome {
  records: number;
  violations: Violation[];
  /** Every violation per rule, including those beyond KEPT_PER_RULE. */
  counts: Partial<Record<RuleId, number>>;
  crashed: CrashNote[];
  /** Rules not applied and other things a reader should know. */
  notes: string[];
}

/** Link payload: the located record and its index on the link (1-based). */
interface LinkEnd {
  at: LocatedRecord;
  k: number;
}

export class RunChecker {
  private readonly machines = new Map<number, MachineCheck>();
  private readonly violations: Violation[] = [];
  private readonly counts: Partial<Record<RuleId, number>> = {};
  private readonly crashed: CrashNote[] = [];
  private readonly notes: string[] = [];
  private readonly linkCounts = new Map<string, { sends: number; receives: number }>();
  private readonly links = new LinkMatcher<LinkEnd, LinkEnd>((from, to, send, receive) => this.matched(from, to, send, receive));
  private records = 0;

  /** `logs`: the machines whose logs are read; `info`: run.json, if any. */
  constructor(
    private readonly logs: ReadonlySet<number>,
    private readonly info: RunInfo | null,
  ) {
    for (const id of logs) this.machines.set(id, new MachineCheck(id));
  }

  private violate(rule: RuleId, message: string, records: RecordRef[], machine?: number): void {
    const n = (this.counts[rule] ?? 0) + 1;
    this.counts[rule] = n;
    if (n <= KEPT_PER_RULE) this.violations.push({ rule, message, records, ...(machine === undefined ? {} : { machine }) });
  }

  private machine(id: number): MachineCheck {
    let m = this.machines.get(id);
    if (!m) this.machines.set(id, (m = new MachineCheck(id)));
    return m;
  }

  private linkCount(from: number, to: number): { sends: number; receives: number } {
    const key = `${from}>${to}`;
    let count = this.linkCounts.get(key);
    if (!count) this.linkCounts.set(key, (count = { sends: 0, receives: 0 }));
    return count;
  }

  /** Input problems: unreadable lines and missing logs break the `readable` rule; a crash's cut-off line does not. */
  addProblem(problem: InputProblem): void {
    if (problem.kind === 'truncated') return; // judged at the end, when we know whether the machine crashed
    this.violate('readable', problem.message, [
      { file: problem.file, line: problem.line ?? 0, text: problem.text ?? '' },
    ]);
  }

  add(at: LocatedRecord): void {
    this.records++;
    const r = at.record;
    const m = this.machine(r.machine);
    m.first ??= at;
    if (m.first === at && r.event !== 'start') {
      this.violate('start-first', `machine ${m.machine}'s log begins with ${article(r.event)} ${r.event} record, not start`, [ref(at)], m.machine);
    }
    if (r.event === 'start') this.onStart(m, at);
    else if (m.stop) {
      this.violate('stop-last', `machine ${m.machine} logged ${article(r.event)} ${r.event} record after its stop record`, [ref(m.stop), ref(at)], m.machine);
    }
    switch (r.event) {
      case 'internal':
      case 'send':
      case 'receive':
        this.onTick(m, at);
        break;
      case 'stop':
        this.onStop(m, at);
        break;
      default:
        break;
    }
    m.last = at;
  }

  private onStart(m: MachineCheck, at: LocatedRecord): void {
    const r = at.record;
    if (r.event !== 'start') return;
    if (!m.start) {
      m.start = at;
      m.lastClock = at;
      return;
    }
    const incarnation = r.incarnation ?? 1;
    if (incarnation > m.incarnation) {
      // A restart (faults issue): the previous incarnation ends here; the clock and ticks begin again.
      this.endIncarnation(m);
      if (!m.stop) {
        this.crashed.push({
          machine: m.machine,
          message: `machine ${m.machine} restarted (incarnation ${incarnation}) without a stop record`,
          records: [ref(m.last ?? at), ref(at)],
        });
      }
      m.incarnation = incarnation;
      m.start = at;
      m.stop = undefined;
      m.lastTick = undefined;
      m.firstTick = undefined;
      m.lastClock = at;
      m.clock = 0;
      m.tick = 0;
      m.ticks = 0;
      return;
    }
    this.violate('start-first', `machine ${m.machine} has a second start record`, [ref(m.start), ref(at)], m.machine);
  }

  private onTick(m: MachineCheck, at: LocatedRecord): void {
    const r = at.record;
    if (r.event !== 'internal' && r.event !== 'send' && r.event !== 'receive') return;
    const previous = m.lastTick;
    m.ticks++;
    m.firstTick ??= at;
    if (r.tick !== m.tick + 1) {
      this.violate(
        'tick-numbering',
        `machine ${m.machine}'s ${r.event} record has tick ${r.tick}, expected ${m.tick + 1}`,
        previous ? [ref(previous), ref(at)] : [ref(at)],
        m.machine,
      );
    }
    m.tick = r.tick;
    const before = m.lastClock ? [ref(m.lastClock), ref(at)] : [ref(at)];
    if (r.event === 'receive') {
      const expected = Math.max(m.clock, r.msgClock) + 1;
      if (r.clock !== expected) {
        this.violate(
          'receive-clock',
          `machine ${m.machine} received message clock ${r.msgClock} with clock ${m.clock} and set its clock to ${r.clock}, expected max(${m.clock}, ${r.msgClock}) + 1 = ${expected}`,
          before,
          m.machine,
        );
      }
      m.received++;
      if (r.from === null) m.unknownSenders++;
      else {
        const count = this.linkCount(r.from, m.machine);
        this.links.receive(r.from, m.machine, { at, k: ++count.receives });
      }
    } else {
      if (r.clock !== m.clock + 1) {
        this.violate('clock-increment', `machine ${m.machine}'s ${r.event} event moved its clock from ${m.clock} to ${r.clock}, expected ${m.clock + 1}`, before, m.machine);
      }
      const held = previous && 'queue' in previous.record ? previous.record.queue : 0;
      if (held > 0) {
        this.violate(
          'queue-empty',
          `machine ${m.machine} did ${article(r.event)} ${r.event} event while its queue still held ${held} message${held === 1 ? '' : 's'} (left by its previous tick)`,
          [ref(previous!), ref(at)],
          m.machine,
        );
      } else if (r.queue > 0) {
        this.violate('queue-empty', `machine ${m.machine} did ${article(r.event)} ${r.event} event with ${r.queue} messages in its queue`, [ref(at)], m.machine);
      }
      if (r.event === 'send') {
        for (const to of r.to) {
          this.machine(to).sentTo++;
          const count = this.linkCount(m.machine, to);
          this.links.send(m.machine, to, { at, k: ++count.sends });
        }
      }
    }
    m.clock = r.clock;
    m.lastClock = at;
    m.lastTick = at;
  }

  private matched(from: number, to: number, send: LinkEnd, receive: LinkEnd): void {
    const s = send.at.record;
    const r = receive.at.record;
    if (s.event !== 'send' || r.event !== 'receive') return;
    if (r.msgClock !== s.clock) {
      this.violate(
        'link-clock',
        `receive #${receive.k} at machine ${to} from machine ${from} carries clock ${r.msgClock}, but machine ${from}'s send #${send.k} to it had clock ${s.clock}`,
        [ref(send.at), ref(receive.at)],
        to,
      );
    }
    if (r.time < s.time) {
      this.violate(
        'link-order',
        `receive #${receive.k} at machine ${to} from machine ${from} is logged ${s.time - r.time} ms before its send`,
        [ref(send.at), ref(receive.at)],
        to,
      );
    }
  }

  private onStop(m: MachineCheck, at: LocatedRecord): void {
    const r = at.record;
    if (r.event !== 'stop') return;
    if (m.stop && m.stop !== at) {
      // A second stop: already reported as a record after the stop.
      return;
    }
    m.stop = at;
    if (r.ticks !== m.tick) {
      this.violate('tick-numbering', `machine ${m.machine}'s stop record counts ${r.ticks} ticks, but its last tick was ${m.tick}`, m.lastTick ? [ref(m.lastTick), ref(at)] : [ref(at)], m.machine);
    }
    if (r.clock !== m.clock) {
      this.violate('clock-increment', `machine ${m.machine}'s stop record has clock ${r.clock}, but its clock was ${m.clock}`, m.lastClock ? [ref(m.lastClock), ref(at)] : [ref(at)], m.machine);
    }
    this.endIncarnation(m);
  }

  /**
   * Tick count against the rate. A machine ticks on an absolute schedule, tick k at t0 + k / rate, from the moment it
   * is connected to its peers (not from its start record: it may wait for them), until it is told to stop (not until
   * its stop record: shutdown waits for peers). So over the span from its first to its last tick, rate x span + 1
   * ticks were due; a stall or a slow timer anywhere in between shows as missing ticks.
   */
  private endIncarnation(m: MachineCheck): void {
    const start = m.start;
    const first = m.firstTick;
    const last = m.lastTick;
    if (!start || start.record.event !== 'start' || !first || !last) return;
    const rate = start.record.rate;
    const seconds = (last.record.time - first.record.time) / 1000;
    const expected = rate * seconds + 1;
    const slack = Math.max(2, 0.01 * expected);
    if (Math.abs(m.ticks - expected) > slack) {
      this.violate(
        'tick-rate',
        `machine ${m.machine} ran ${m.ticks} ticks in ${Number(seconds.toFixed(3))} s from its first to its last tick at ${rate}/s: expected ${Number(expected.toFixed(1))} ± ${Number(slack.toFixed(1))}`,
        [ref(first), ref(last)],
        m.machine,
      );
    }
  }

  /** Applies the end-of-run rules and returns everything found. `problems` are the input problems of the run. */
  finish(problems: readonly InputProblem[]): CheckerOutcome {
    const machines = [...this.machines.values()].sort((a, b) => a.machine - b.machine);
    for (const m of machines) {
      if (!this.logs.has(m.machine) || !m.last || m.stop) continue;
      this.endIncarnation(m);
      const cut = problems.find((p) => p.kind === 'truncated' && p.file === m.last!.file);
      this.crashed.push({
        machine: m.machine,
        message: `machine ${m.machine} crashed: its log ends without a stop record${cut ? ' (and with a cut-off last line)' : ''}`,
        records: [ref(m.last), ...(cut ? [{ file: cut.file, line: cut.line ?? 0, text: cut.text ?? '' }] : [])],
      });
    }
    for (const p of problems) {
      if (p.kind !== 'truncated') continue;
      const owner = machines.find((m) => m.last?.file === p.file);
      if (owner?.stop) this.violate('readable', p.message, [{ file: p.file, line: p.line ?? 0, text: p.text ?? '' }]);
    }
    this.finishLinks();
    this.finishConservation(machines, problems);
    return { records: this.records, violations: this.violations, counts: this.counts, crashed: this.crashed, notes: this.notes };
  }

  private finishLinks(): void {
    for (const { from, to, receives } of this.links.unmatched()) {
      const first = receives.peek();
      if (!first) continue;
      if (!this.logs.has(from)) {
        this.notes.push(`${receives.length} receive(s) at machine ${to} from machine ${from}, which has no log, were not checked`);
        continue;
      }
      const sent = this.linkCount(from, to).sends;
      this.violate(
        'link-clock',
        `receive #${first.k} at machine ${to} from machine ${from} has no matching send: machine ${from} sent only ${sent} message${sent === 1 ? '' : 's'} to it (${receives.length} receive${receives.length === 1 ? '' : 's'} unmatched)`,
        [ref(first.at)],
        to,
      );
    }
    const unknown = [...this.machines.values()].reduce((n, m) => n + m.unknownSenders, 0);
    if (unknown) this.notes.push(`${unknown} receive(s) with from: null (sender unknown) could not be matched to a send`);
  }

  private finishConservation(machines: MachineCheck[], problems: readonly InputProblem[]): void {
    const crashed = machines.filter((m) => this.logs.has(m.machine) && !m.stop).map((m) => m.machine);
    const missing = problems.some((p) => p.kind === 'missing-file' || p.kind === 'unreadable-file' || p.kind === 'invalid');
    const why = crashed.length
      ? `machine ${crashed.join(', ')} crashed`
      : this.info?.stoppedTogether === false
        ? 'run.json says the machines did not stop together'
        : missing
          ? 'some records could not be read'
          : undefined;
    if (why) {
      this.notes.push(`conservation not checked: ${why}`);
      return;
    }
    for (const m of machines) {
      if (!this.logs.has(m.machine) || !m.stop || m.stop.record.event !== 'stop') continue;
      const stop = m.stop.record;
      const overflow = stop.overflow ?? 0;
      const accounted = m.received + stop.queue + overflow;
      if (m.sentTo !== accounted) {
        this.violate(
          'conservation',
          `${m.sentTo} message${m.sentTo === 1 ? ' was' : 's were'} sent to machine ${m.machine}, but it received ${m.received}, left ${stop.queue} in its queue and refused ${overflow} (${accounted})`,
          [ref(m.stop)],
          m.machine,
        );
      }
    }
  }
}
