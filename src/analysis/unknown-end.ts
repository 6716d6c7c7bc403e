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

/**
 * Counts the stop records of a run as they stream past, and keeps whether each machine's latest incarnation has ended
 * with one (a start record begins an incarnation) and the span of the records' times.
 */
export class StopRecordCount {
  count = 0;
  private readonly stopped = new Map<number, boolean>();
  private first = Infinity;
  private last = -Infinity;

  see(located: LocatedRecord): void {
    const { event, machine, time } = located.record;
    if (event === 'stop') {
      this.count++;
      this.stopped.set(machine, true);
    } else if (event === 'start') this.stopped.set(machine, false);
    if (time < this.first) this.first = time;
    if (time > this.last) this.last = time;
  }

  /** Whether each of `machines` logged records and its latest incarnation ended with its stop record. */
  allStopped(machines: readonly number[]): boolean {
    return machines.length > 0 && machines.every((id) => this.stopped.get(id) === true);
  }

  /** From the first record's time to the last's, ms; null before any record. */
  get spanMs(): number | null {
    return this.last >= this.first ? this.last - this.first : null;
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
