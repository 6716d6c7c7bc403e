// check --strict: a log that ends without its stop record breaks `stop-last`, as a grader wants of students' machines.
import { KEPT_PER_RULE, type CheckerOutcome } from './check-findings.js';
import type { Violation } from './check-rules.js';

/**
 * The outcome with every crash (a log that ends without a stop record) made a `stop-last` violation, but those of
 * machines a fault schedule killed and left down (`killed`), whose logs cannot end with one.
 */
export function strictOutcome(outcome: CheckerOutcome, killed: ReadonlySet<number>): CheckerOutcome {
  const unstopped = outcome.crashed.filter((c) => !killed.has(c.machine));
  if (unstopped.length === 0) return outcome;
  const kept = outcome.violations.filter((v) => v.rule === 'stop-last').length;
  const added: Violation[] = unstopped.slice(0, Math.max(0, KEPT_PER_RULE - kept)).map((c) => ({
    rule: 'stop-last',
    machine: c.machine,
    message: `machine ${c.machine}'s log ends without a stop record (--strict: every log must end with one)`,
    records: c.records,
  }));
  return {
    ...outcome,
    violations: [...outcome.violations, ...added],
    counts: { ...outcome.counts, 'stop-last': (outcome.counts['stop-last'] ?? 0) + unstopped.length },
    crashed: outcome.crashed.filter((c) => killed.has(c.machine)),
  };
}
