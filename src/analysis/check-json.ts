// The `check --json` document: each run folder's checkRun outcome, as one JSON value for scripts and autograding.
import { toolVersion } from '../log/tool-version.js';
import { RULE_IDS, RULES, type RecordRef } from './check-rules.js';
import { ruleStatus, type CheckResult } from './check-run.js';
import { knownLosses } from './unknown-end.js';

/** A folder given that is not a run (with several folders, it is skipped and the others are checked). */
export interface NotARun {
  dir: string;
  error: string;
}

/** A record as evidence: its file, its line (null when the evidence is the file itself) and its text. */
const recordJson = (r: RecordRef) => ({ file: r.file, line: r.line || null, text: r.text });

/**
 * One run's outcome, with what the text report shows and no more: crashes only when the run's end is known, and of a
 * run whose end is unknown, no message called lost to a crash (unknown-end.ts).
 */
function checkRunJson(result: CheckResult) {
  return {
    dir: result.dir,
    machines: result.machines,
    records: result.records,
    // How run.json says the run ended when not as planned (`interrupted (Ctrl+C) before its planned 30 s`), else null.
    ended: result.ended,
    // The same as fields, as analyze --json has them: interrupted, interruptedBy (the signal or null), stoppedEarly
    // (the reason or null), plannedSeconds (null for a run until Ctrl+C).
    ...result.end,
    ok: result.ok,
    // One per rule, in the report's order: status ok / FAIL / skip, the violations counted (all of them, also those
    // beyond the few listed in `violations`) and the machines it was not checked for (the notes say why).
    rules: RULE_IDS.map((id) => ({
      rule: id,
      description: RULES[id],
      status: ruleStatus(result, id),
      violationCount: result.counts[id] ?? 0,
      uncheckedFor: result.uncheckedFor[id] ?? [],
    })),
    violationCount: Object.values(result.counts).reduce((a, b) => a + (b ?? 0), 0),
    // The first few counterexamples of each rule, each with the records that show it.
    violations: result.violations.map((v) => ({ rule: v.rule, machine: v.machine ?? null, message: v.message, records: v.records.map(recordJson) })),
    crashed: result.endUnknown ? [] : result.crashed.map((c) => ({ machine: c.machine, message: c.message, records: c.records.map(recordJson) })),
    lost: knownLosses(result.lost, result.endUnknown).map((l) => ({ ...l, records: l.records.map(recordJson) })),
    // Records earlier than the one before them in their log: warnings, not violations (the first few, and how many).
    backwardTimeCount: result.backwardTimeCount,
    backwardTimes: result.backwardTimes.map((b) => ({ machine: b.machine, message: b.message, records: b.records.map(recordJson) })),
    unknownSenderReceives: result.unknownSenderReceives,
    notes: result.notes,
    // What was wrong with the input (also printed on stderr as found): skipped lines, foreign logs, ignored settings.
    problems: result.problems.map((p) => ({ kind: p.kind, file: p.file, line: p.line ?? null, message: p.message, text: p.text ?? null })),
    // run.json has no end time and a machine no stop record: it may still be running rather than crashed; or, started by
    // hand, some machines are still running (stillRunning).
    mayStillBeRunning: result.mayStillBeRunning,
    // Started by hand (no run.json): the machines whose logs a running process was writing, without their stop records
    // yet (their entries in crashed say so). Only when there are some.
    ...(result.logsOpen.size ? { stillRunning: [...result.logsOpen.keys()].sort((a, b) => a - b) } : {}),
    // No run.json and no stop record in any log: no machine is called crashed, the stop rules are skipped.
    endUnknown: result.endUnknown,
    // Links that met a machine of another run (run tokens differ): a warning, not a violation; the notes name each.
    otherRunLinks: result.otherRunLinks,
  };
}

/**
 * The whole document. A contract for scripts: fields are only ever added, never renamed or removed. `ok` is true when
 * no run checked breaks a rule and every folder given is a run; the exit code is as without --json (0 all hold, 1 a rule broken, 2 a folder not a run).
 */
export function checkJson(results: readonly CheckResult[], notRuns: readonly NotARun[]) {
  return {
    // The lamport-lab that made this check (name, version, git commit or null).
    tool: toolVersion(),
    // False as soon as a run breaks a rule or a folder given is not a run (exit code 1 or 2).
    ok: results.every((r) => r.ok) && notRuns.length === 0,
    runs: results.map(checkRunJson),
    notRuns,
  };
}

/**
 * JSON text safe to print on a terminal: JSON.stringify escapes C0 controls, but a log line's C1 controls (U+009B, a
 * CSI) and DEL would reach the terminal as they are; escaped too (inside strings, where alone they can be).
 */
export function terminalSafeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
