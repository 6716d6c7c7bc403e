// A run folder whose end is unknown: no run.json and no stop record in any log (logs copied from a run killed whole).
import type { RuleId } from './check-rules.js';
import type { CheckerOutcome } from './checker.js';
import type { RunInfo } from '../log/run-info.js';
import type { LocatedRecord } from './record-stream.js';

/** The rules such a run cannot be judged by: both need to know how each machine ended. */
export const UNKNOWN_END_RULES: readonly RuleId[] = ['stop-last', 'conservation'];

/** What analyze and check both say of such a run, and what it means for the figures. */
const UNKNOWN_END =
  'the end of the run is unknown: no run.json and no stop record in any log (logs copied from a killed run?), so no machine is called crashed';
const NOT_LOST = 'messages not received by the end of the logs are not called lost';

/** The one note check prints for such a run, in place of calling every machine crashed. */
export const UNKNOWN_END_NOTE = `${UNKNOWN_END}, ${NOT_LOST}, and stop-last and conservation are not checked`;

/** The one note analyze prints for such a run (it checks no rule). */
export const UNKNOWN_END_ANALYZE_NOTE = `${UNKNOWN_END} and ${NOT_LOST}`;

/** Counts the stop records of a run as they stream past. */
export class StopRecordCount {
  count = 0;
  see(located: LocatedRecord): void {
    if (located.record.event === 'stop') this.count++;
  }
}

/** Whether the end of a run is unknown: records were read, none of them a stop record, and there is no run.json. */
export function runEndUnknown(info: RunInfo | null, records: number, stops: number): boolean {
  return info === null && records > 0 && stops === 0;
}

/** The outcome of such a run: its conservation note (`machines 1-3 crashed`) replaced by UNKNOWN_END_NOTE, its stop rules unchecked. */
export function unknownEndOutcome(outcome: CheckerOutcome): CheckerOutcome {
  return {
    ...outcome,
    notes: [UNKNOWN_END_NOTE, ...outcome.notes.filter((n) => !n.startsWith('conservation not checked'))],
    unchecked: [...new Set([...outcome.unchecked, ...UNKNOWN_END_RULES])],
  };
}

/** Of a run whose end is unknown, the losses but those to a crash (its messages were only not received yet): broken connections. */
export function knownLosses<T extends { reason: 'crash' | 'connection' }>(lost: readonly T[], endUnknown: boolean): T[] {
  return endUnknown ? lost.filter((l) => l.reason !== 'crash') : [...lost];
}
