// Of a run that may still be going (run.json has no end time yet, or a machine started by hand still writes its log),
// stop-last is not judged for the machines without a stop record that may still be running.
import type { CheckerOutcome } from './checker.js';
import { machinesText } from '../text/id-list.js';

/**
 * The outcome with stop-last not checked for the machines that have no stop record yet (`crashed`): their stop
 * records may still come, so `ok` would claim what the logs cannot show yet. Every machine of them: the rule is
 * skipped; some: `not checked for machines ...`, as other rules partly judged read. A note says why. `mayRun`: which of
 * them may still be running (every one, unless the machines were started by hand: those whose logs are open).
 */
export function stillGoingOutcome(
  outcome: CheckerOutcome,
  machines: readonly number[],
  why = 'run.json has no end time: the run may still be going',
  mayRun: (machine: number) => boolean = () => true,
): CheckerOutcome {
  const waiting = [...new Set(outcome.crashed.map((c) => c.machine))].filter(mayRun).sort((a, b) => a - b);
  if (waiting.length === 0 || outcome.unchecked.includes('stop-last')) return outcome;
  const note = `stop-last not checked: ${machinesText(waiting)}: no stop record yet (${why})`;
  const all = machines.every((m) => waiting.includes(m));
  const partly = [...new Set([...(outcome.uncheckedFor['stop-last'] ?? []), ...waiting])].sort((a, b) => a - b);
  return {
    ...outcome,
    notes: [...outcome.notes, note],
    ...(all ? { unchecked: [...outcome.unchecked, 'stop-last'] } : { uncheckedFor: { ...outcome.uncheckedFor, 'stop-last': partly } }),
  };
}
