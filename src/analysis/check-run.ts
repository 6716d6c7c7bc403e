// `checkRun`: one streaming pass of the checker over a run folder; `renderCheck`: the text `npm run check` prints.
import { RULE_IDS, RULES, type RecordRef, type RuleId } from './check-rules.js';
import { RunChecker, type CheckerOutcome } from './checker.js';
import { killedMachines, scheduleKills } from './fault-log.js';
import { logsOpenForWriting, runMayBeGoing, stillWriting } from './log-cut-short.js';
import { idList, machinesText } from '../text/id-list.js';
import { formatProblem, type InputProblem, type ProblemSink } from './problems.js';
import { readRun } from './record-stream.js';
import { openRunFolder } from './run-folder.js';
import { plural } from '../text/plural.js';
import { wrapWords } from '../text/wrap-words.js';
import { grouped } from '../text/grouped.js';
import { printable } from '../text/printable.js';
import { knownLosses, runEndUnknown, StopRecordCount, unknownEndOutcome } from './unknown-end.js';
import { strictOutcome } from './strict-stops.js';
import { stillGoingOutcome } from './still-going.js';
import { runEndJson, runEndText, unfinishedRunText } from './run-end.js';

export interface CheckResult extends CheckerOutcome {
  dir: string;
  machines: number[];
  problems: InputProblem[];
  /** True when no rule is broken (crashed machines alone do not fail a check). */
  ok: boolean;
  /** run.json has no end time and a machine has no stop record: it may still be running rather than crashed. */
  mayStillBeRunning: boolean;
  /** Started by hand (no run.json): machines whose log a running process had open for writing, with its pid (logsOpenForWriting). */
  logsOpen: ReadonlyMap<number, number>;
  /** No run.json and no stop record in any log (unknown-end.ts): no machine is called crashed, stop rules are skipped. */
  endUnknown: boolean;
  /** How run.json says the run ended when not as planned (`interrupted (Ctrl+C) before its planned 30 s`), else null. */
  ended: string | null;
  /** The same from run.json as fields (`interrupted`, `interruptedBy`, `stoppedEarly`, `plannedSeconds`), as analyze --json has them. */
  end: ReturnType<typeof runEndJson>;
}

/** Thrown by checkRun once its `stop` signal is aborted (Ctrl+C): the logs were not all read, so nothing is judged. */
export class CheckStopped extends Error {
  constructor() {
    super('check stopped');
  }
}

/**
 * Checks a run folder against every rule; throws UsageError only when it is not a run folder. `strict`: a log that
 * ends without its stop record breaks stop-last (strict-stops.ts), and an unknown end is not assumed. `stop`: aborted
 * (Ctrl+C), the check stops between two batches of records and throws CheckStopped.
 */
export async function checkRun(dir: string, options: { onProblem?: ProblemSink; strict?: boolean; stop?: AbortSignal } = {}): Promise<CheckResult> {
  const problems: InputProblem[] = [];
  let checker: RunChecker | undefined;
  const early: InputProblem[] = [];
  const report: ProblemSink = (problem) => {
    problems.push(problem);
    options.onProblem?.(problem);
    if (checker) checker.addProblem(problem);
    else early.push(problem);
  };
  const run = openRunFolder(dir, report);
  // Started by hand: a machine whose log a running process writes as the reading begins, and that the logs read show
  // without its stop record, is running; filled once the logs are read.
  const openAtStart = logsOpenForWriting(run.info, run.files);
  const logsOpen = new Map<number, number>();
  const killed = killedMachines(run.faults);
  const kills = scheduleKills(run.faults);
  checker = new RunChecker(new Set(run.files.map((f) => f.machine)), {
    info: run.info,
    faults: run.faults !== null || Boolean(run.info?.faults),
    killed,
    kills,
    strict: options.strict,
    logsOpen,
  });
  for (const problem of early) checker.addProblem(problem);
  const stops = new StopRecordCount();
  for await (const batch of readRun(run, report)) {
    if (options.stop?.aborted) throw new CheckStopped();
    for (const located of batch) {
      checker.add(located);
      stops.see(located);
    }
  }
  for (const [id, pid] of stillWriting(openAtStart, (m) => stops.allStopped([m]))) logsOpen.set(id, pid);
  const finished = withOneReason(checker.finish(problems), problems);
  // Machines known to be still running: the end is known to be not yet, the others without a stop record crashed.
  const endUnknown = !options.strict && runEndUnknown(run.info, finished.records, stops.count) && logsOpen.size === 0;
  const machines = run.files.map((f) => f.machine);
  const judged = options.strict ? strictOutcome(finished, kills, logsOpen) : endUnknown ? unknownEndOutcome(finished) : finished;
  const mayStillBeRunning = judged.crashed.some((c) => runMayBeGoing(run.info) || logsOpen.has(c.machine));
  // Started by hand, only the machines whose logs are still being written may be running: the others crashed.
  const outcome = !mayStillBeRunning || options.strict
    ? judged
    : runMayBeGoing(run.info)
      ? stillGoingOutcome(judged, machines)
      : stillGoingOutcome(judged, machines, 'still running: the log is open for writing in a running process', (id) => logsOpen.has(id));
  return {
    dir,
    machines,
    ...outcome,
    problems,
    ok: outcome.violations.length === 0,
    mayStillBeRunning,
    logsOpen,
    endUnknown,
    // From the logs as they are, whatever --strict makes of a missing stop record (it is no crash there).
    ended: runEndText(run.info) ?? unfinishedRunText(run.info, stops.allStopped(machines), stops.spanMs),
    end: runEndJson(run.info),
  };
}

/**
 * No record read, and every line refused for one reason (Python's str() of a dict, times without a zone): that reason
 * once, first among the notes, rather than read from a wall of line numbers.
 */
function withOneReason(outcome: CheckerOutcome, problems: readonly InputProblem[]): CheckerOutcome {
  if (outcome.records !== 0) return outcome;
  const invalid = problems.filter((p) => p.kind === 'invalid');
  const reasons = new Set(invalid.map((p) => p.message.replace(/; line skipped$/, '')));
  if (invalid.length < 2 || reasons.size !== 1) return outcome;
  const note = `no line of any log could be read, all ${grouped(invalid.length)} for one reason: ${[...reasons][0]}`;
  return { ...outcome, notes: [note, ...outcome.notes] };
}

/** A rule's status in the report: FAIL when broken, skip when it could not be judged at all, else ok. */
export function ruleStatus(result: CheckResult, id: RuleId): 'ok' | 'FAIL' | 'skip' {
  return (result.counts[id] ?? 0) > 0 ? 'FAIL' : result.unchecked.includes(id) ? 'skip' : 'ok';
}

/**
 * When tick-rate is the only rule broken, what that means, after the verdict: a student whose overloaded run FAILED
 * reads that the clocks are right and the host (or a pause) was short, not their Lamport code.
 */
function onlyTickRate(result: CheckResult, total: number): string {
  if ((result.counts['tick-rate'] ?? 0) !== total) return '';
  const skipped = RULE_IDS.filter((id) => ruleStatus(result, id) === 'skip').length;
  const others = skipped === 0 ? 'every other rule holds' : `no other rule is broken (${skipped} not checked: see above)`;
  const why = result.ticksOverRate
    ? "tick counts that do not match their start records' rates (see above)"
    : 'machines ticked short of their rates (a host too busy to keep them, or paused machines)';
  return `, all of tick-rate: ${why}, not a Lamport clock error; ${others}`;
}

/** How much of a line a counterexample shows: a send record of a 1000-machine run is 5 kB, a damaged line any length. */
const SHOWN_CHARS = 300;

/** A counterexample's line as shown: control characters escaped, and cut after SHOWN_CHARS (--json has it whole). */
function shownLine(text: string): string {
  const shown = printable(text.length > SHOWN_CHARS ? text.slice(0, SHOWN_CHARS) : text);
  return text.length > SHOWN_CHARS ? `${shown} ... (${grouped(text.length - SHOWN_CHARS)} more characters)` : shown;
}

const evidence = (records: RecordRef[]): string[] =>
  records.map((r) => `      ${r.line ? `${r.file}:${r.line}` : r.file}${r.text ? `  ${shownLine(r.text)}` : ''}`);

/**
 * The report: one line per rule (ok / FAIL / skipped), then each counterexample with its records, crashes and notes.
 * `width` (the terminal's, see cli/output-width.ts): the rule lines are wrapped to it, under their descriptions.
 */
export function renderCheck(result: CheckResult, width: number | null = null): string {
  const lines: string[] = [
    // How the run ended, when not as planned, as analyze's heading says it: the rules' skips and notes follow from it.
    `Checked ${result.dir}: ${grouped(result.records)} records from ${plural(result.machines.length, 'machine log')} (${idList(result.machines)})${result.ended ? `; ${printable(result.ended)}` : ''}`,
    // A log from another run breaks rules it never broke in its own: said before the rules.
    ...result.problems.filter((p) => p.kind === 'foreign-log').map((p) => `  ! ${formatProblem(p)} (the violations below may come from it)`),
    '',
  ];
  const idWidth = Math.max(...RULE_IDS.map((id) => id.length));
  for (const id of RULE_IDS) {
    const n = result.counts[id] ?? 0;
    const status = ruleStatus(result, id);
    // Judged for some machines only: which were left out (the notes say why).
    const partly = result.unchecked.includes(id) ? undefined : result.uncheckedFor[id];
    const counted = [...(n > 0 ? [plural(n, 'violation')] : []), ...(partly?.length ? [`not checked for ${machinesText(partly)}: see notes`] : [])];
    lines.push(...wrapWords(`  ${status.padEnd(4)}  ${id.padEnd(idWidth)}  `, `${RULES[id]}${counted.length ? ` (${counted.join('; ')})` : ''}`, width));
  }
  for (const id of RULE_IDS) {
    const shown = result.violations.filter((v) => v.rule === id);
    if (shown.length === 0) continue;
    lines.push('', `${id}:`);
    for (const v of shown) lines.push(`  - ${v.message}`, ...evidence(v.records));
    const more = (result.counts[id] ?? 0) - shown.length;
    if (more > 0) lines.push(`  ... and ${more} more`);
  }
  // An unknown end (unknown-end.ts): machines without a stop record are not known to have crashed.
  if (result.crashed.length && !result.endUnknown) {
    lines.push('', result.mayStillBeRunning ? 'no stop record (still running, or crashed):' : 'crashed:');
    for (const c of result.crashed) lines.push(`  - ${c.message}`, ...evidence(c.records));
  }
  if (result.backwardTimes.length) {
    lines.push(
      '',
      `record times going backwards: ${result.backwardTimeCount} (a warning, not a violation: a system clock stepped back, or an edited log; the time figures around them, drift, latency and rates, are off)`,
    );
    for (const b of result.backwardTimes) lines.push(`  - ${b.message}`, ...evidence(b.records));
    const more = result.backwardTimeCount - result.backwardTimes.length;
    if (more > 0) lines.push(`  ... and ${more} more`);
  }
  const coarse = result.problems.filter((p) => p.kind === 'whole-second-times');
  if (coarse.length) {
    lines.push('', `times without milliseconds: ${plural(coarse.length, 'log')} (a warning, not a violation)`, ...coarse.map((p) => `  - ${formatProblem(p)}`));
  }
  const ignored = result.problems.filter((p) => p.kind === 'ignored-setting');
  if (ignored.length) {
    const start = ignored.some((p) => p.message.startsWith('start record:'));
    const stop = ignored.some((p) => p.message.startsWith('stop record:'));
    const which = !stop ? 'start-record settings' : start ? 'start- and stop-record fields' : 'stop-record fields';
    lines.push('', `${which} ignored: ${ignored.length} (a warning, not a violation: not of their type, read as absent)`, ...ignored.map((p) => `  - ${formatProblem(p)}`));
  }
  // Of a run whose end is unknown, messages to a machine without a stop record were not lost to a crash.
  const lost = knownLosses(result.lost, result.endUnknown);
  if (lost.length) {
    const total = lost.reduce((n, l) => n + l.count, 0);
    const why = `a crash or a broken connection lost them${result.mayStillBeRunning ? ', or the run is still going' : ''}`;
    lines.push('', `lost messages: ${total} (not violations: ${why})`);
    for (const l of lost) lines.push(`  - ${l.message}`, ...evidence(l.records));
  }
  if (result.notes.length) lines.push('', 'notes:', ...result.notes.map((n) => `  - ${n}`));
  const total = Object.values(result.counts).reduce((a, b) => a + (b ?? 0), 0);
  const warnings = [
    ...(result.backwardTimeCount ? [`${plural(result.backwardTimeCount, 'record')} earlier than the one before: see above`] : []),
    ...(result.unknownSenderReceives
      ? [
          `${plural(result.unknownSenderReceives, 'receive')} from an unknown sender: a connection that named no machine of this run, ` +
            "or a second one claiming a connected machine: a restarted machine's new connection read before its old one closed, or another run on this host dialling these ports",
        ]
      : []),
    ...(result.otherRunLinks ? [`${plural(result.otherRunLinks, 'link')} met a machine of another run (run tokens differ): see notes`] : []),
  ];
  const warned = warnings.length ? ` (but ${warnings.join('; and ')})` : '';
  lines.push('', total === 0 ? `OK: every rule holds${warned}.` : `FAILED: ${plural(total, 'violation')}${onlyTickRate(result, total)}${warned}.`);
  // Evidence lines are the log's own text, and messages may quote it: a corrupted line must not drive the terminal.
  return `${printable(lines.join('\n'))}\n`;
}
