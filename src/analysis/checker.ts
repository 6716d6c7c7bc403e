// Checks a run's records against the rules in check-rules.ts, fed in time order; collects counterexamples.
//
// Runs with faults (run.json or faults.jsonl names a fault schedule, or a machine restarted): each incarnation of a
// machine is checked on its own (clock and ticks start again), sends are matched per receiver incarnation
// (link-matcher.ts), and messages a crash or a broken connection lost are reported apart (lost-messages.ts), not as
// violations. Without faults every rule is as strict as ever: no send may go missing on a link.
import type { RunInfo } from '../log/run-info.js';
import { basename } from 'node:path';
import type { BackwardTimeNote, CrashNote, LostNote, RecordRef, RuleId, Violation } from './check-rules.js';
import { duration } from './text-table.js';
import { machinesText } from '../text/id-list.js';
import { machineOfFile } from './run-folder.js';
import { logCutShort, runMayBeGoing } from './log-cut-short.js';
import { isRefusal } from '../core/records.js';
import { LinkMatcher, type IncarnationLink, type ReceivedEnd, type RefusedEnd, type SentEnd } from './link-matcher.js';
import { settleLostMessages, type LostOnLink } from './lost-messages.js';
import type { InputProblem } from './problems.js';
import type { LocatedRecord } from './record-stream.js';
import { plural } from '../text/plural.js';
import { secondClaimOf } from '../net/second-claim.js';

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
  /** Ticks in the current incarnation. */
  ticks = 0;
  unknownSenders = 0;
  /** Frames refused from senders that never said hello (warn records with from: null). */
  unknownRefused = 0;
  /** Its first warning that a second connection claimed a connected machine (second-claim.ts), with that machine. */
  secondClaim: { at: LocatedRecord; id: number } | undefined;
  /** Per incarnation: messages sent to it and received by it, and its stop record. */
  readonly incarnations = new Map<number, IncarnationCount>();
  constructor(readonly machine: number) {}

  count(incarnation = this.incarnation): IncarnationCount {
    let count = this.incarnations.get(incarnation);
    if (!count) this.incarnations.set(incarnation, (count = { sentTo: 0, received: 0, unknown: 0, stop: undefined }));
    return count;
  }
}

interface IncarnationCount {
  sentTo: number;
  received: number;
  /** Frames from senders that never said hello (or whose hello was a second claim): received or refused. */
  unknown: number;
  stop: LocatedRecord | undefined;
}

/** What the checker knows about the run besides the logs. */
export interface CheckerContext {
  /** run.json, if any. */
  info: RunInfo | null;
  /** The run had a fault schedule (run.json `faults` or a faults.jsonl): links may lose messages. */
  faults?: boolean;
  /** Machines the fault schedule killed and did not restart: their missing stop record is expected. */
  killed?: ReadonlySet<number>;
}

export interface CheckerOutcome {
  records: number;
  violations: Violation[];
  /** Every violation per rule, including those beyond KEPT_PER_RULE. */
  counts: Partial<Record<RuleId, number>>;
  crashed: CrashNote[];
  /** Records earlier than the one before them in their log (the first KEPT_PER_RULE): warnings, not violations. */
  backwardTimes: BackwardTimeNote[];
  /** Every such record, including those beyond KEPT_PER_RULE. */
  backwardTimeCount: number;
  /** Messages lost to a crash or a broken connection (runs with faults): not violations. */
  lost: LostNote[];
  /** Rules not applied and other things a reader should know. */
  notes: string[];
}

const whom = (machine: number, incarnation: number): string => `machine ${machine}${incarnation > 1 ? ` (incarnation ${incarnation})` : ''}`;

export class RunChecker {
  private readonly machines = new Map<number, MachineCheck>();
  private readonly violations: Violation[] = [];
  private readonly counts: Partial<Record<RuleId, number>> = {};
  private readonly crashed: CrashNote[] = [];
  private readonly backwardTimes: BackwardTimeNote[] = [];
  private backwardTimeCount = 0;
  private readonly notes: string[] = [];
  private readonly links = new LinkMatcher<LocatedRecord, LocatedRecord>({
    match: (link, send, receive) => this.matched(link, send, receive),
    refuse: (link, send, refusal) => this.refused(link, send, refusal),
  });
  private readonly info: RunInfo | null;
  private readonly killed: ReadonlySet<number>;
  /** `${machine}#${incarnation}` -> receives of sends their killed sender never logged */
  private readonly unlogged = new Map<string, number>();
  private records = 0;

  /** `logs`: the machines whose logs are read; `ctx`: run.json and the fault schedule. */
  constructor(
    private readonly logs: ReadonlySet<number>,
    ctx: CheckerContext,
  ) {
    this.info = ctx.info;
    this.killed = ctx.killed ?? new Set();
    const restarted = Object.values(this.info?.machines ?? {}).some((m) => (m.incarnations ?? 1) > 1);
    this.links.tolerateLoss = Boolean(ctx.faults || this.info?.faults || restarted);
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

  /** Input problems: unreadable lines and missing logs break the `readable` rule; a crash's cut-off line does not. */
  addProblem(problem: InputProblem): void {
    if (problem.kind === 'truncated') return; // judged at the end, when we know whether the machine crashed
    if (problem.kind === 'fault-log') return; // faults.jsonl is not a machine log
    if (problem.kind === 'not-started') return; // no log, as run.json says: nothing to break a rule
    if (problem.kind === 'whole-second-times') return; // a warning (renderCheck), not a violation
    if (problem.kind === 'ignored-setting') return; // a warning (renderCheck), not a violation
    this.violate('readable', problem.message, [
      { file: problem.file, line: problem.line ?? 0, text: problem.text ?? '' },
    ]);
  }

  add(at: LocatedRecord): void {
    this.records++;
    const r = at.record;
    // A restart means faults: from now on a broken connection may lose messages.
    if (this.links.observe(r)) this.links.tolerateLoss = true;
    const m = this.machine(r.machine);
    if (m.last && r.time < m.last.record.time) this.timeWentBack(m, m.last, at);
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
      case 'warn':
        if (!isRefusal(r)) {
          const id = secondClaimOf(r.reason);
          if (id !== null) m.secondClaim ??= { at, id };
          break;
        }
        if (r.from === null) {
          m.unknownRefused += r.refused;
          m.count().unknown += r.refused;
        }
        else this.links.refuse(r.from, m.machine, r.msgClock, r.refused, at);
        break;
      default:
        break;
    }
    m.last = at;
  }

  /** `machine 1's record at machine-1.jsonl:12 is 3.5 s earlier than the one before it (line 11)`: a warning. */
  private timeWentBack(m: MachineCheck, before: LocatedRecord, at: LocatedRecord): void {
    if (++this.backwardTimeCount > KEPT_PER_RULE) return;
    const where = `${basename(at.file)}:${at.line}`;
    this.backwardTimes.push({
      machine: m.machine,
      message: `machine ${m.machine}'s record at ${where} is ${duration(before.record.time - at.record.time)} earlier than the one before it (line ${before.line})`,
      records: [ref(before), ref(at)],
    });
  }

  private onStart(m: MachineCheck, at: LocatedRecord): void {
    const r = at.record;
    if (r.event !== 'start') return;
    if (!m.start) {
      m.start = at;
      m.lastClock = at;
      m.incarnation = r.incarnation ?? 1;
      return;
    }
    const incarnation = r.incarnation ?? 1;
    if (incarnation > m.incarnation) {
      // A restart (faults issue): the previous incarnation ends here (its stop record, if any, ended it already);
      // the clock and ticks begin again.
      if (!m.stop) this.endIncarnation(m);
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
      m.count().received++;
      if (r.from === null) {
        m.unknownSenders++;
        m.count().unknown++;
      } else this.links.receive(r.from, m.machine, r.msgClock, at);
    } else {
      if (r.clock !== m.clock + 1) {
        this.violate('clock-increment', `machine ${m.machine}'s ${r.event} event moved its clock from ${m.clock} to ${r.clock}, expected ${m.clock + 1}`, before, m.machine);
      }
      const held = previous && 'queue' in previous.record ? previous.record.queue : 0;
      if (held > 0) {
        this.violate(
          'queue-empty',
          `machine ${m.machine} did ${article(r.event)} ${r.event} event while its queue still held ${plural(held, 'message')} (left by its previous tick)`,
          [ref(previous!), ref(at)],
          m.machine,
        );
      } else if (r.queue > 0) {
        this.violate('queue-empty', `machine ${m.machine} did ${article(r.event)} ${r.event} event with ${r.queue} messages in its queue`, [ref(at)], m.machine);
      }
      if (r.event === 'send') {
        for (const to of r.to) {
          this.machine(to).count(this.links.epochs.incarnation(to)).sentTo++;
          this.links.send(m.machine, to, r.clock, at);
        }
      }
    }
    m.clock = r.clock;
    m.lastClock = at;
    m.lastTick = at;
  }

  private matched(link: IncarnationLink<LocatedRecord, LocatedRecord>, send: SentEnd<LocatedRecord>, receive: ReceivedEnd<LocatedRecord>): void {
    const { from, to, incarnation } = link;
    const s = send.payload.record;
    const r = receive.payload.record;
    if (s.event !== 'send' || r.event !== 'receive') return;
    if (r.msgClock !== s.clock) {
      this.violate(
        'link-clock',
        `receive #${receive.k} at ${whom(to, incarnation)} from machine ${from} carries clock ${r.msgClock}, but machine ${from}'s send #${send.k} to it had clock ${s.clock}`,
        [ref(send.payload), ref(receive.payload)],
        to,
      );
    }
    if (r.time < s.time) {
      this.violate(
        'link-order',
        `receive #${receive.k} at ${whom(to, incarnation)} from machine ${from} is logged ${s.time - r.time} ms before its send`,
        [ref(send.payload), ref(receive.payload)],
        to,
      );
    }
  }

  /** A send the receiver's full queue refused: the refusal is logged when the frame arrived, so not before the send. */
  private refused(link: IncarnationLink<LocatedRecord, LocatedRecord>, send: SentEnd<LocatedRecord>, refusal: RefusedEnd<LocatedRecord>): void {
    const { from, to, incarnation } = link;
    const s = send.payload.record;
    const r = refusal.payload.record;
    if (r.time < s.time) {
      this.violate(
        'link-order',
        `machine ${from}'s send #${send.k} to ${whom(to, incarnation)} is refused (queue full) in a record logged ${s.time - r.time} ms before the send`,
        [ref(send.payload), ref(refusal.payload)],
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
    m.count().stop = at;
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
   * ticks were due; a stall or a slow timer anywhere in between shows as missing ticks. A first tick that came late
   * (a busy host as the mesh completes) is followed by the ticks due meanwhile, run at once, which that span leaves
   * out: so when the stop record says how long the machine ticked (`tickingMs`, from the moment it was connected, on
   * the clock its schedule runs on), rate x tickingMs ticks were due, and missing ones still show.
   */
  private endIncarnation(m: MachineCheck): void {
    const start = m.start;
    const first = m.firstTick;
    const last = m.lastTick;
    if (!start || start.record.event !== 'start' || !first || !last) return;
    const rate = start.record.rate;
    const stop = m.stop?.record.event === 'stop' ? m.stop.record : undefined;
    const ticking = typeof stop?.tickingMs === 'number' ? stop.tickingMs / 1000 : undefined;
    const seconds = ticking ?? (last.record.time - first.record.time) / 1000;
    const expected = ticking === undefined ? rate * seconds + 1 : Math.floor(rate * ticking);
    const slack = Math.max(2, 0.01 * expected);
    if (Math.abs(m.ticks - expected) > slack) {
      const span = ticking === undefined ? 'from its first to its last tick' : 'of ticking (its stop record)';
      this.violate(
        'tick-rate',
        `machine ${m.machine} ran ${m.ticks} ticks in ${Number(seconds.toFixed(3))} s ${span} at ${rate}/s: expected ${Number(expected.toFixed(1))} ± ${Number(slack.toFixed(1))}`,
        [ref(first), ref(last)],
        m.machine,
      );
    }
  }

  /** A machine whose log has no stop record although it stopped (log-cut-short.ts): its log was cut short afterwards. */
  private cutShort(machine: number): boolean {
    const m = this.machines.get(machine);
    return m !== undefined && this.logs.has(machine) && logCutShort(this.info, machine, m.stop !== undefined);
  }

  /** Applies the end-of-run rules and returns everything found. `problems` are the input problems of the run. */
  finish(problems: readonly InputProblem[]): CheckerOutcome {
    const machines = [...this.machines.values()].sort((a, b) => a.machine - b.machine);
    for (const m of machines) {
      if (!this.logs.has(m.machine) || !m.last || m.stop) continue;
      this.endIncarnation(m);
      const cut = problems.find((p) => p.kind === 'truncated' && p.file === m.last!.file);
      const records = [ref(m.last), ...(cut ? [{ file: cut.file, line: cut.line ?? 0, text: cut.text ?? '' }] : [])];
      if (this.cutShort(m.machine)) {
        // Not a crash: the process stopped (run.json says so), so its log was cut short afterwards.
        const how = this.info?.mode === 'simulated' ? 'run.json says every machine of this simulated run stopped' : 'run.json says it exited with code 0';
        this.violate('readable', `machine ${m.machine}'s log ends without a stop record, but ${how}: the log was cut short${cut ? ' (its last line is cut off)' : ''}`, records, m.machine);
        continue;
      }
      this.crashed.push({
        machine: m.machine,
        message: runMayBeGoing(this.info)
          ? `machine ${m.machine} has no stop record: it may still be running (run.json has no end time), or it crashed${cut ? ' (its last line is cut off)' : ''}`
          : `machine ${m.machine} crashed: its log ends without a stop record${cut ? ' (and with a cut-off last line)' : ''}`,
        records,
      });
    }
    for (const p of problems) {
      if (p.kind !== 'truncated') continue;
      const owner = machines.find((m) => m.last?.file === p.file);
      if (owner?.stop) this.violate('readable', p.message, [{ file: p.file, line: p.line ?? 0, text: p.text ?? '' }]);
    }
    this.finishLinks();
    // Messages to a machine whose log was cut short were not lost to a crash: the readable violation covers them.
    const settled = settleLostMessages(this.links, this.links.tolerateLoss).links;
    const lost = settled.filter((l) => !this.cutShort(l.to));
    this.finishConservation(machines, problems, lost);
    return {
      records: this.records,
      violations: this.violations,
      counts: this.counts,
      crashed: this.crashed,
      backwardTimes: this.backwardTimes,
      backwardTimeCount: this.backwardTimeCount,
      lost: lost.map((l) => this.lostNote(l)),
      notes: this.notes,
    };
  }

  private finishLinks(): void {
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
        if (this.logs.has(from) && this.links.unloggedBy(from, last, r.msgClock)) {
          unlogged++;
          evidence.push(r.payload);
        } else waiting.push(r);
      }
      if (unlogged > 0) {
        const first = evidence[0]!;
        this.unlogged.set(`${to}#${incarnation}`, (this.unlogged.get(`${to}#${incarnation}`) ?? 0) + unlogged);
        this.notes.push(
          `${plural(unlogged, 'receive')} at ${whom(to, incarnation)} from machine ${from} with a message clock above the last clock machine ${from} logged before it crashed: ` +
            `sends it made but never wrote to its log (it was killed before writing its last records); first at ${first.file}:${first.line}`,
        );
      }
      const first = waiting[0];
      if (!first) continue;
      if (!this.logs.has(from)) {
        this.notes.push(`${plural(waiting.length, 'receive')} at machine ${to} from machine ${from}, which has no log, ${waiting.length === 1 ? 'was' : 'were'} not checked`);
        continue;
      }
      this.violate(
        'link-clock',
        `receive #${first.k} at ${whom(to, incarnation)} from machine ${from} has no matching send: machine ${from} sent only ${plural(sent, 'message')} to it (${plural(waiting.length, 'receive')} unmatched)`,
        [ref(first.payload)],
        to,
      );
    }
    this.finishRefusals();
    const unknown = [...this.machines.values()].reduce((n, m) => n + m.unknownSenders, 0);
    if (unknown) this.notes.push(`${plural(unknown, 'receive')} with from: null (sender unknown) could not be matched to a send`);
    const unknownRefused = [...this.machines.values()].reduce((n, m) => n + m.unknownRefused, 0);
    if (unknownRefused) this.notes.push(`${plural(unknownRefused, 'refused frame')} with from: null (sender unknown) could not be matched to a send`);
  }

  /**
   * Refusals whose sends were not all found: sends a killed sender never logged (a note), a sender without a log (a
   * note), or else a violation of link-clock (no send with that clock, or fewer sends after it than were refused).
   */
  private finishRefusals(): void {
    for (const link of this.links.all()) {
      const { from, to, incarnation } = link;
      const waiting = [...link.strandedRefusals];
      let unlogged = link.unloggedRefused;
      const last = this.links.epochs.incarnation(from);
      const crashed = !this.links.epochs.end(from, last).stopped;
      for (const r of link.refusals) {
        if (this.logs.has(from) && crashed && (r.started || this.links.unloggedBy(from, last, r.msgClock))) unlogged += r.left;
        else waiting.push(r);
      }
      if (unlogged > 0) {
        this.unlogged.set(`${to}#${incarnation}`, (this.unlogged.get(`${to}#${incarnation}`) ?? 0) + unlogged);
        this.notes.push(
          `${plural(unlogged, 'refused frame')} at ${whom(to, incarnation)} from machine ${from} beyond the sends machine ${from} logged before it crashed: ` +
            'sends it made but never wrote to its log',
        );
      }
      const first = waiting[0];
      if (!first) continue;
      const frames = waiting.reduce((n, r) => n + r.left, 0);
      if (!this.logs.has(from)) {
        this.notes.push(`${plural(frames, 'refused frame')} at machine ${to} from machine ${from}, which has no log, were not checked`);
        continue;
      }
      const how = first.started
        ? `machine ${from} logged ${plural(first.left, 'send')} fewer after it than were refused`
        : `machine ${from} logged no send with that clock to it`;
      this.violate(
        'link-clock',
        `${whom(to, incarnation)} refused frames from machine ${from} from clock ${first.msgClock} on (queue full), but ${how} (${plural(frames, 'refused frame')} unmatched)`,
        [ref(first.payload)],
        to,
      );
    }
  }

  private lostNote(lost: LostOnLink<LocatedRecord>): LostNote {
    const { from, to, incarnation, count, reason } = lost;
    const messages = count === 1 ? '1 message' : `${count} messages`;
    const target = this.machine(to).incarnations.size > 1 ? `machine ${to} (incarnation ${incarnation})` : whom(to, incarnation);
    const why =
      reason === 'crash'
        ? runMayBeGoing(this.info)
          ? `${target} has no stop record (still running, or killed or crashed) and has not received ${count === 1 ? 'it' : 'them'}`
          : `${target} ended without a stop record (killed or crashed) before receiving ${count === 1 ? 'it' : 'them'}`
        : `machine ${from}'s connection to machine ${to} broke before ${count === 1 ? 'it was' : 'they were'} delivered`;
    return { from, to, incarnation, count, reason, message: `${messages} from machine ${from} to ${target} lost: ${why}`, records: lost.evidence.map(ref) };
  }

  private finishConservation(machines: MachineCheck[], problems: readonly InputProblem[], lost: readonly LostOnLink<LocatedRecord>[]): void {
    const unstopped = machines.filter((m) => this.logs.has(m.machine) && !m.stop).map((m) => m.machine);
    const cutShort = unstopped.filter((id) => this.cutShort(id));
    const crashed = unstopped.filter((id) => !cutShort.includes(id));
    const unexpected = crashed.filter((id) => !this.killed.has(id));
    const absent = problems.filter((p) => p.kind === 'missing-file').map((p) => machineOfFile(p.file));
    const unreadable = problems.some((p) => p.kind === 'unreadable-file' || p.kind === 'invalid');
    const why =
      this.records === 0
        ? 'no record could be read'
        : cutShort.length
          ? `the log of ${machinesText(cutShort)} was cut short`
          : unexpected.length
            ? `${machinesText(unexpected)}${runMayBeGoing(this.info) ? ': no stop record (still running, or crashed)' : ' crashed'}`
            : this.info?.stoppedTogether === false && crashed.length === 0
              ? 'run.json says the machines did not stop together'
              : unreadable
                ? 'some records could not be read'
                : absent.length
                  ? `the log of ${machinesText(absent)} is missing`
                  : undefined;
    if (why) {
      this.notes.push(`conservation not checked: ${why}`);
      return;
    }
    const lostTo = new Map<string, number>();
    for (const l of lost) lostTo.set(`${l.to}#${l.incarnation}`, (lostTo.get(`${l.to}#${l.incarnation}`) ?? 0) + l.count);
    for (const m of machines) {
      if (!this.logs.has(m.machine)) continue;
      const several = m.incarnations.size > 1;
      for (const [incarnation, count] of [...m.incarnations].sort((a, b) => a[0] - b[0])) {
        const stop = count.stop?.record;
        if (!count.stop || stop?.event !== 'stop') continue;
        const overflow = stop.overflow ?? 0;
        const gone = lostTo.get(`${m.machine}#${incarnation}`) ?? 0;
        const unlogged = this.unlogged.get(`${m.machine}#${incarnation}`) ?? 0;
        // Frames from unknown senders (no hello, or a second claim of a connected machine) are nobody's logged sends:
        // those received or refused are left out; some may still be in the end queue, which the logs cannot tell.
        const accounted = count.received - unlogged + stop.queue + overflow + gone - count.unknown;
        if (count.sentTo === accounted) continue;
        const who = several ? `machine ${m.machine} (incarnation ${incarnation})` : `machine ${m.machine}`;
        if (accounted > count.sentTo && count.unknown > 0) {
          this.notes.push(
            `${plural(accounted - count.sentTo, 'message')} more queued at ${who}'s end than logged sends to it account for: ` +
              `frames from unknown senders (it received or refused ${count.unknown} such), which its queue may still hold`,
          );
          continue;
        }
        // A connection that said hello as machine X before X did takes X's place: X's own frames then count as from an
        // unknown sender, and the log cannot tell which frames were whose.
        if (count.unknown > 0 && m.secondClaim) {
          const { at, id } = m.secondClaim;
          this.notes.push(
            `conservation not checked for ${who}: a second connection claimed to be machine ${id} (${at.file}:${at.line}); ` +
              `the log cannot tell which was machine ${id}, so its ${count.unknown} frames from unknown senders may be machine ${id}'s`,
          );
          continue;
        }
        // Messages still queued at the end from a sender killed before it logged their sends: as unlogged receives are.
        const killed = machines.filter((s) => s !== m && this.logs.has(s.machine) && (!s.stop || [...s.incarnations.values()].some((c) => !c.stop)));
        if (accounted > count.sentTo && killed.length) {
          this.notes.push(
            `${plural(accounted - count.sentTo, 'message')} more received, queued or refused at ${who} than logged sends to it: ` +
              `sends of ${machinesText(killed.map((k) => k.machine))}, which ended without a stop record before writing its last records`,
          );
          continue;
        }
        this.violate(
          'conservation',
          `${count.sentTo} message${count.sentTo === 1 ? ' was' : 's were'} sent to ${who}, but it received ${count.received}${unlogged ? ` (${unlogged} of sends never logged)` : ''}, left ${stop.queue} in its queue and refused ${overflow}${gone ? `, and ${gone} were lost` : ''}${count.unknown ? `, less ${count.unknown} frames from unknown senders` : ''} (${accounted})`,
          [ref(count.stop)],
          m.machine,
        );
      }
    }
  }
}
