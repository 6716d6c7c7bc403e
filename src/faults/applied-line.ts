// The line that says how much of a fault schedule a run applied, counted in the file's events as people wrote them.
import { plural } from '../text/plural.js';
import type { FaultPlan } from './load-schedule.js';
import type { FaultStep } from './plan.js';

/**
 * `Faults: 4 events of faults.json applied (11 steps in faults.jsonl).` A selector such as machine:3 makes a step per
 * link, and faults.jsonl has a line per step; an event counts as applied once a step of it ran. When some never ran:
 * `Faults: 1 of 4 events of faults.json applied (1 step in faults.jsonl).`, the next line saying why.
 */
export function appliedLine(plan: FaultPlan, applied: readonly FaultStep[]): string {
  const total = plan.schedule.events.length;
  const events = new Set(applied.map((step) => step.event)).size;
  const count = events === total ? plural(total, 'event') : `${events} of ${plural(total, 'event')}`;
  const steps = applied.length ? ` (${plural(applied.length, 'step')} in faults.jsonl)` : '';
  return `Faults: ${count} of ${plan.file} applied${steps}.`;
}
