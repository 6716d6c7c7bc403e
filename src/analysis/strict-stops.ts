// check --strict: a log that ends without its stop record breaks `stop-last`, as a grader wants of students' machines.
import { KEPT_PER_RULE, type CheckerOutcome } from './check-findings.js';
import type { CrashNote, Violation } from './check-rules.js';

/** The violation's words: the log's end (still being written, started by hand: `open` has its process), or an incarnation that restarted without one. */
function strictMessage(c: CrashNote, open: ReadonlyMap<number, number>): string {
  const running = open.has(c.machine) ? `; it is still running: its log is open for writing in process ${open.get(c.machine)}` : '';
  return c.restartedAs === undefined
    ? `machine ${c.machine}'s log ends without a stop record (--strict: every log must end with one)${running}`
    : `machine ${c.machine}'s incarnation ${c.incarnation} ended without a stop record before it restarted as incarnation ${c.restartedAs} (--strict: every incarnation must end with one)`;
}

/**
 * The outcome with every crash (an incarnation that ends without a stop record) made a `stop-last` violation, but those
 * a fault schedule's kill ended: `kills` says how many times it killed each machine (scheduleKills), so its incarnations
 * 1 to that many cannot end with one, whether it was restarted or left down.
 */
export function strictOutcome(outcome: CheckerOutcome, kills: ReadonlyMap<number, number>, open: ReadonlyMap<number, number> = new Map()): CheckerOutcome {
  const killed = (c: CrashNote): boolean => c.incarnation <= (kills.get(c.machine) ?? 0);
  const unstopped = outcome.crashed.filter((c) => !killed(c));
  if (unstopped.length === 0) return outcome;
  const kept = outcome.violations.filter((v) => v.rule === 'stop-last').length;
  const added: Violation[] = unstopped.slice(0, Math.max(0, KEPT_PER_RULE - kept)).map((c) => ({
    rule: 'stop-last',
    machine: c.machine,
    message: strictMessage(c, open),
    records: c.records,
  }));
  return {
    ...outcome,
    violations: [...outcome.violations, ...added],
    counts: { ...outcome.counts, 'stop-last': (outcome.counts['stop-last'] ?? 0) + unstopped.length },
    crashed: outcome.crashed.filter(killed),
  };
}
