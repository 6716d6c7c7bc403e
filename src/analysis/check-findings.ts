// What a check finds (violations per rule, crashes, warnings, notes) and the outcome it returns; helpers to cite records.
import { basename } from 'node:path';
import type { BackwardTimeNote, CrashNote, LostNote, RecordRef, RuleId, Violation } from './check-rules.js';
import type { LocatedRecord } from './record-stream.js';
import { duration } from './text-table.js';

/** Counterexamples kept per rule; further violations are only counted. */
export const KEPT_PER_RULE = 10;

export const article = (word: string): string => (/^[aeiou]/.test(word) ? 'an' : 'a');

/** A located record as evidence. */
export const ref = (r: RecordRef): RecordRef => ({ file: r.file, line: r.line, text: r.text });

/** `machine 2`, or `machine 2 (incarnation 3)` after a restart. */
export const whom = (machine: number, incarnation: number): string => `machine ${machine}${incarnation > 1 ? ` (incarnation ${incarnation})` : ''}`;

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
  /** tick-rate violations of machines that ran more ticks than were due (the others ran short). */
  ticksOverRate: number;
  /**
   * Receives of frames from an unknown sender (`from: null`: a connection that named no machine of the run, or a second
   * one claiming a connected machine): none in a run of this tool's machines alone; a warning, not a violation.
   */
  unknownSenderReceives: number;
  /**
   * Links that met a machine of another run (their run tokens differed): the dialling machine's warnings and the
   * dialled one's, one per machine and peer. A warning, not a violation: the notes name each.
   */
  otherRunLinks: number;
  /** Messages lost to a crash or a broken connection (runs with faults): not violations. */
  lost: LostNote[];
  /** Rules not applied and other things a reader should know. */
  notes: string[];
  /** Rules that could not be judged at all (no record read, or every case of the rule fell in a gap): `skip`, not `ok`. */
  unchecked: RuleId[];
  /** Rules judged for some machines but not for these (the notes say why): `conservation: [1]` beside a second claim. */
  uncheckedFor: Partial<Record<RuleId, number[]>>;
}

/** Collects violations (the first KEPT_PER_RULE per rule, all counted), crashes, backward times and notes. */
export class Findings {
  readonly violations: Violation[] = [];
  readonly counts: Partial<Record<RuleId, number>> = {};
  readonly crashed: CrashNote[] = [];
  readonly backwardTimes: BackwardTimeNote[] = [];
  backwardTimeCount = 0;
  ticksOverRate = 0;
  readonly notes: string[] = [];
  /** Rules judged at least once, and rules with cases left unjudged (across an unreadable line, say). */
  private readonly judgedRules = new Set<RuleId>();
  private readonly unjudgedRules = new Set<RuleId>();
  /** Rules not judged at all, whatever else was. */
  private readonly skippedRules = new Set<RuleId>();
  /** Per rule, the machines with a case left unjudged (when the caller names the machine). */
  private readonly unjudgedMachines = new Map<RuleId, Set<number>>();

  violate(rule: RuleId, message: string, records: RecordRef[], machine?: number): void {
    const n = (this.counts[rule] ?? 0) + 1;
    this.counts[rule] = n;
    if (n <= KEPT_PER_RULE) this.violations.push({ rule, message, records, ...(machine === undefined ? {} : { machine }) });
  }

  /** A case of `rule` was judged (whether it held or not). */
  judged(rule: RuleId): void {
    this.judgedRules.add(rule);
  }

  /** A case of `rule` (of `machine`, if given) could not be judged: the rule is unchecked unless another case was judged. */
  unjudged(rule: RuleId, machine?: number): void {
    this.unjudgedRules.add(rule);
    if (machine === undefined) return;
    let machines = this.unjudgedMachines.get(rule);
    if (!machines) this.unjudgedMachines.set(rule, (machines = new Set()));
    machines.add(machine);
  }

  /** `rule` was not judged at all. */
  skip(rule: RuleId): void {
    this.skippedRules.add(rule);
  }

  /** The rules in `ids` that could not be judged at all, in that order. */
  unchecked(ids: readonly RuleId[]): RuleId[] {
    return ids.filter((id) => !this.counts[id] && (this.skippedRules.has(id) || (this.unjudgedRules.has(id) && !this.judgedRules.has(id))));
  }

  /** The rules in `ids` judged for some machines, with the machines they were not judged for (sorted). */
  uncheckedFor(ids: readonly RuleId[]): Partial<Record<RuleId, number[]>> {
    const unchecked = this.unchecked(ids);
    const partly: Partial<Record<RuleId, number[]>> = {};
    for (const id of ids) {
      const machines = this.unjudgedMachines.get(id);
      if (machines && !unchecked.includes(id)) partly[id] = [...machines].sort((a, b) => a - b);
    }
    return partly;
  }

  /** `machine 1's record at machine-1.jsonl:12 is 3.5 s earlier than the one before it (line 11)`: a warning. */
  timeWentBack(machine: number, before: LocatedRecord, at: LocatedRecord): void {
    if (++this.backwardTimeCount > KEPT_PER_RULE) return;
    const where = `${basename(at.file)}:${at.line}`;
    this.backwardTimes.push({
      machine,
      message: `machine ${machine}'s record at ${where} is ${duration(before.record.time - at.record.time)} earlier than the one before it (line ${before.line})`,
      records: [ref(before), ref(at)],
    });
  }
}
