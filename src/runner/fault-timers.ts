// A fault start-all cannot time: past Node's longest timer a wait fires after 1 ms, so the fault would come at once.
import { LONGEST_TIMER, MAX_RUN_SECONDS } from '../config/schema.js';
import type { FaultSchedule } from '../faults/index.js';

/**
 * For loadFaultPlan: in a run with no end (`-d 0`), an event whose `at` or `until` is past MAX_RUN_SECONDS, as
 * `events[0].at: 3000000 s is past ...`. A run with an end is never longer, and skips the events past it.
 */
export const untimeableFault =
  (durationSeconds: number) =>
  (schedule: FaultSchedule): string | null => {
    if (durationSeconds > 0) return null;
    for (const [i, event] of schedule.events.entries()) {
      for (const field of ['at', 'until'] as const) {
        const seconds = field in event ? (event as { at: number; until?: number })[field] : undefined;
        if (seconds !== undefined && seconds > MAX_RUN_SECONDS) {
          return `events[${i}].${field}: ${seconds} s is past ${MAX_RUN_SECONDS} s (${LONGEST_TIMER}), which a run with no end (-d 0) cannot wait`;
        }
      }
    }
    return null;
  };
