// Checks a run's records against the rules in check-rules.ts, fed in time order; collects counterexamples.
//
// Runs with faults (run.json or faults.jsonl names a fault schedule, or a machine restarted): each incarnation of a
// machine is checked on its own (clock and ticks start again), sends are matched per receiver incarnation
// (link-matcher.ts), and messages a crash or a broken connection lost are reported apart (lost-messages.ts), not as
// violations. Without faults every rule is as strict as ever: no send may go missing on a link.
// The rules themselves: machine-check.ts (per machine), check-links.ts, check-conservation.ts, check-tick-rate.ts.
// An unreadable line in a log is a gap (log-gaps.ts): each rule says what it does not judge across it.
import type { RunInfo } from '../log/run-info.js';
import { logWriteFailure } from './log-write-failure.js';
import { isTickRecord } from '../core/records.js';
import { checkConservation } from './check-conservation.js';
import { Findings, ref, type CheckerOutcome } from './check-findings.js';
import { RULE_IDS, type RuleId } from './check-rules.js';
import { LinkRules, lostNote } from './check-links.js';
import { StartSeeds } from './check-seeds.js';
import { checkTickRate } from './check-tick-rate.js';
import { logCutShort, runMayBeGoing } from './log-cut-short.js';
import { LogGaps } from './log-gaps.js';
import { settleLostMessages } from './lost-messages.js';
import { checkMachineRecord, MachineCheck, type MachineRuleScope } from './machine-check.js';
import type { InputProblem } from './problems.js';
import type { LocatedRecord } from './record-stream.js';
import { machineOfLogName } from '../log/machine-file.js';

export type { CheckerOutcome } from './check-findings.js';

/** What the checker knows about the run besides the logs. */
export interface CheckerContext {
  /** run.json, if any. */
  info: RunInfo | null;
  /** The run had a fault schedule (run.json `faults` or a faults.jsonl): links may lose messages. */
  faults?: boolean;
  /** Machines the fault schedule killed and did not restart: their missing stop record is expected. */
  killed?: ReadonlySet<number>;
  /** How many times the fault schedule killed each machine (scheduleKills): its incarnations 1 to that many ended so. */
  kills?: ReadonlyMap<number, number>;
  /** check --strict: a log without its stop record is a broken rule (strict-stops.ts), so notes do not call it a crash. */
  strict?: boolean;
  /** Started by hand (no run.json): machines whose log a running process has open for writing, with its pid (read at finish). */
  logsOpen?: ReadonlyMap<number, number>;
}

export class RunChecker {
  private readonly machines = new Map<number, MachineCheck>();
  private readonly findings = new Findings();
  private readonly gaps = new LogGaps();
  private readonly seeds = new StartSeeds();
  private readonly linkRules: LinkRules;
  private readonly scope: MachineRuleScope;
  private readonly info: RunInfo | null;
  private readonly killed: ReadonlySet<number>;
  private readonly strict: boolean;
  private readonly logsOpen: ReadonlyMap<number, number>;
  private records = 0;
  /** Tick records read (internal, send, receive). */
  private ticks = 0;

  /** `logs`: the machines whose logs are read; `ctx`: run.json and the fault schedule. */
  constructor(
    private readonly logs: ReadonlySet<number>,
    ctx: CheckerContext,
  ) {
    this.info = ctx.info;
    this.killed = ctx.killed ?? new Set();
    this.strict = ctx.strict ?? false;
    this.logsOpen = ctx.logsOpen ?? new Map();
    this.linkRules = new LinkRules(this.findings, logs, (id) => this.machines.get(id)?.last !== undefined);
    const restarted = Object.values(this.info?.machines ?? {}).some((m) => (m.incarnations ?? 1) > 1);
    this.linkRules.links.tolerateLoss = Boolean(ctx.faults || this.info?.faults || restarted);
    for (const id of logs) this.machines.set(id, new MachineCheck(id));
    this.scope = {
      findings: this.findings,
      links: this.linkRules.links,
      machine: (id) => this.machine(id),
      endIncarnation: (m) => checkTickRate(this.findings, m, this.gaps),
      tickBreaks: this.linkRules.tickBreaks,
      killedByFault: (m) => m.incarnation <= (ctx.kills?.get(m.machine) ?? 0),
    };
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
    if (problem.kind === 'invalid' && problem.line !== undefined) this.gaps.add(problem.file, problem.line);
    this.findings.violate('readable', problem.message, [{ file: problem.file, line: problem.line ?? 0, text: problem.text ?? '' }], machineOfLogName(problem.file));
  }

  add(at: LocatedRecord): void {
    this.records++;
    if (isTickRecord(at.record)) this.ticks++;
    this.seeds.see(at.record);
    const m = this.machine(at.record.machine);
    // Unreadable lines since its previous record (their problems are reported before the records after them).
    const gap = this.gaps.latestBetween(at.file, m.last?.line ?? 0, at.line);
    if (gap !== undefined) this.linkRules.blind(m.machine, m.last?.record.time ?? Number.NEGATIVE_INFINITY, `${at.file}:${gap}`);
    // A restart means faults: from now on a broken connection may lose messages.
    if (this.linkRules.links.observe(at.record)) {
      this.linkRules.links.tolerateLoss = true;
      this.linkRules.restarted(m.machine, at);
    }
    checkMachineRecord(this.scope, m, at, gap);
  }

  /** A machine whose log has no stop record although it stopped (log-cut-short.ts): its log was cut short afterwards. */
  private cutShort(machine: number): boolean {
    const m = this.machines.get(machine);
    return m !== undefined && this.logs.has(machine) && logCutShort(this.info, machine, m.stop !== undefined);
  }

  /** Applies the end-of-run rules and returns everything found. `problems` are the input problems of the run. */
  finish(problems: readonly InputProblem[]): CheckerOutcome {
    const { findings } = this;
    const machines = [...this.machines.values()].sort((a, b) => a.machine - b.machine);
    /** Machines whose end the logs cannot tell: no record read, or unreadable lines after the last one. */
    const unknownEnd = new Set(machines.filter((m) => this.logs.has(m.machine) && !m.last).map((m) => m.machine));
    for (const m of machines) {
      if (!this.logs.has(m.machine) || !m.last || m.stop) continue;
      checkTickRate(findings, m, this.gaps);
      const cut = problems.find((p) => p.kind === 'truncated' && p.file === m.last!.file);
      const records = [ref(m.last), ...(cut ? [{ file: cut.file, line: cut.line ?? 0, text: cut.text ?? '' }] : [])];
      if (this.cutShort(m.machine)) {
        // Not a crash: the process stopped (run.json says so), so its log was cut short afterwards.
        const how = this.info?.mode === 'simulated' ? 'run.json says every machine of this simulated run stopped' : 'run.json says it exited with code 0';
        findings.violate('readable', `machine ${m.machine}'s log ends without a stop record, but ${how}: the log was cut short${cut ? ' (its last line is cut off)' : ''}`, records, m.machine);
        continue;
      }
      const gap = this.gaps.latestBetween(m.last.file, m.last.line);
      if (gap !== undefined) {
        // Its stop record may be one of the unreadable lines: not a crash as far as the log can tell.
        unknownEnd.add(m.machine);
        this.linkRules.blind(m.machine, m.last.record.time, `${m.last.file}:${gap}`);
        findings.notes.push(
          `machine ${m.machine}'s log has no stop record after unreadable lines (latest ${m.last.file}:${gap}): its stop record may be among them, so this is not reported as a crash`,
        );
        continue;
      }
      findings.crashed.push({
        machine: m.machine,
        incarnation: m.incarnation,
        message: runMayBeGoing(this.info)
          ? `machine ${m.machine} has no stop record: it may still be running (run.json has no end time), or it crashed${cut ? ' (its last line is cut off)' : ''}`
          : this.logsOpen.has(m.machine)
            ? `machine ${m.machine} has no stop record yet: it is still running (its log is open for writing in process ${this.logsOpen.get(m.machine)})`
            : `machine ${m.machine} ${this.killed.has(m.machine) ? 'was killed by the fault schedule' : 'crashed'}: its log ends without a stop record${cut ? ' (and with a cut-off last line)' : ''}${crashCause(this.info, m.machine)}`,
        records,
      });
    }
    // run.json names its seed: a log whose seed is not it is already named (foreign-log.ts).
    const seeds = this.info ? undefined : this.seeds.note();
    if (seeds) findings.notes.push(seeds);
    for (const p of problems) {
      if (p.kind !== 'truncated') continue;
      const owner = machines.find((m) => m.last?.file === p.file);
      if (owner?.stop) findings.violate('readable', p.message, [{ file: p.file, line: p.line ?? 0, text: p.text ?? '' }], owner.machine);
    }
    // Whether a sender without a stop record crashed, or its log was only read before its end (unknown-end.ts).
    const endUncertain = runMayBeGoing(this.info) || (!this.strict && this.info === null && machines.every((m) => !m.stop));
    this.linkRules.finish(this.machines.values(), endUncertain);
    // Messages to a machine whose log was cut short were not lost to a crash: the readable violation covers them.
    const settled = settleLostMessages(this.linkRules.links, this.linkRules.links.tolerateLoss).links;
    // Nor were messages on links not judged across an unreadable line: the gap may hold their receive.
    const lost = settled.filter((l) => !this.cutShort(l.to) && !this.linkRules.blindLoss(l));
    checkConservation(
      {
        findings,
        info: this.info,
        logs: this.logs,
        killed: this.killed,
        strict: this.strict,
        logsOpen: this.logsOpen,
        records: this.records,
        unknownEnd,
        unlogged: this.linkRules.unlogged,
        cutShort: (id) => this.cutShort(id),
      },
      machines,
      problems,
      lost,
    );
    // A log with no record read (empty, a folder, every line unreadable): no rule was judged for its machine, while
    // the per-machine rules were for every machine with a record (`ok (not checked for machine 2)`, not `ok`).
    if (machines.some((m) => m.last)) for (const rule of MACHINE_RULES) findings.judged(rule);
    for (const m of machines) {
      if (!this.logs.has(m.machine) || m.last) continue;
      for (const rule of RULE_IDS) if (rule !== 'readable') findings.unjudged(rule, m.machine);
      findings.notes.push(`machine ${m.machine}'s log has no readable record (see readable): no other rule is checked for it`);
    }
    // Links that met another run's machine: every rule may hold (their frames were not read, their sends dropped), yet
    // the run is not the one its user meant.
    for (const m of machines) {
      for (const { at, peer } of m.otherRunPeers) findings.notes.push(`machine ${m.machine}'s link to machine ${peer} reached a machine of another run (${at.file}:${at.line}; run tokens differ): its sends to machine ${peer} were dropped while that connection lasted`);
      for (const { at, id } of m.otherRunHellos) findings.notes.push(`machine ${m.machine} was dialled by a machine of another run saying it was machine ${id} (${at.file}:${at.line}; run tokens differ): nothing it sent was read`);
    }
    // No tick record read among unreadable lines (every clock written as a string): the tick rules judged nothing.
    const ticksUnread = this.ticks === 0 && problems.some((p) => p.kind === 'invalid');
    const unchecked = findings.unchecked(RULE_IDS);
    return {
      records: this.records,
      violations: findings.violations,
      counts: findings.counts,
      crashed: findings.crashed,
      backwardTimes: findings.backwardTimes,
      backwardTimeCount: findings.backwardTimeCount,
      ticksOverRate: findings.ticksOverRate,
      unknownSenderReceives: machines.reduce((n, m) => n + m.unknownSenders, 0),
      otherRunLinks: machines.reduce((n, m) => n + m.otherRunPeers.length + m.otherRunHellos.length, 0),
      lost: lost.map((l) => lostNote(l, this.machine(l.to), this.info, this.logsOpen)),
      // Once each: two incarnations of a machine can leave the same note.
      notes: [...new Set(findings.notes)],
      // No record read: only `readable` was checked (a rule over no records holds, and `ok` would say it was checked).
      unchecked:
        this.records === 0
          ? RULE_IDS.filter((id) => id !== 'readable')
          : ticksUnread
            ? RULE_IDS.filter((id) => unchecked.includes(id) || (TICK_RULES.includes(id) && !findings.counts[id]))
            : unchecked,
      uncheckedFor: this.records === 0 ? {} : findings.uncheckedFor(RULE_IDS),
    };
  }
}

/** The rules judged over each machine's own records, as they are read (machine-check.ts). */
const MACHINE_RULES: readonly RuleId[] = ['start-first', 'stop-last', 'tick-numbering', 'clock-increment', 'receive-clock', 'queue-empty'];

/** The rules about ticks, which a run with no tick record read judges over nothing. */
const TICK_RULES: readonly RuleId[] = ['tick-numbering', 'clock-increment', 'receive-clock', 'queue-empty', 'link-clock', 'link-order', 'conservation', 'tick-rate'];

/** `; run.json: it stopped when its log could not be written (no space left on the disk)`, when it says so. */
function crashCause(info: RunInfo | null, machine: number): string {
  const why = logWriteFailure(info, machine);
  return why ? `; run.json: it stopped when its log could not be written (${why})` : '';
}
