// The lines for the fault steps a run left out: those planned after its end (skipped), and those a run stopped early
// never reached (never ran), counted in the schedule's events; start-all, simulate and sweeps say them alike.
import { plural } from '../text/plural.js';
import { describeSteps, sameMoment, type FaultStep } from './plan.js';

/**
 * The steps left out of a run, split by event: events none of whose steps ran (`whole`), and events that began but
 * whose end (the `until` of a window) was left out (`cut`), which the applied line counts as applied already.
 */
function splitByEvent(left: readonly FaultStep[], ran: readonly FaultStep[]): { whole: FaultStep[]; cut: FaultStep[] } {
  const began = new Set(ran.map((step) => step.event));
  return { whole: left.filter((step) => !began.has(step.event)), cut: left.filter((step) => began.has(step.event)) };
}

/** `2 fault events from 30 s on <verb>`, with `(the last at 45 s)` if `last`; '' for none. */
function wholeText(whole: readonly FaultStep[], verb: string, last = false): string {
  if (!whole.length) return '';
  const times = whole.map((step) => step.at);
  const [first, final] = [Math.min(...times), Math.max(...times)];
  return `${faultEvents(whole)} from ${first} s on ${verb}${last && final > first ? ` (the last at ${final} s)` : ''}`;
}

/** `1 fault event <verb> (at 25 s)`: events whose end was left out, with the times of those ends; '' for none. */
function cutText(cut: readonly FaultStep[], one: string, several: string): string {
  if (!cut.length) return '';
  const count = new Set(cut.map((step) => step.event)).size;
  const times = [...new Set(cut.map((step) => step.at))].sort((a, b) => a - b);
  const at = times.length === 1 ? `${times[0]} s` : `${times.slice(0, -1).join(', ')} and ${times.at(-1)} s`;
  return `${plural(count, 'fault event')} ${count === 1 ? one : several} (at ${at})`;
}

/**
 * One line for the steps planned at or after the run's end, counted in the schedule's events (a selector such as
 * machine:3 makes a step per link): `fault at 20 s skipped, the run lasts 15 s: links 1->3, 2->3, 3->1, 3->2 down`
 * for one moment of one event (no brackets round the step: a kill's description has its own), `4 fault events from
 * 20 s on skipped (the last at 45 s): the run lasts 15 s` otherwise.
 * An event that begins in the run but ends after it (`until`) is not skipped: `1 fault event ends after it (at 25 s)`.
 * `ran` are the steps that run.
 */
export function skippedLine(skipped: readonly FaultStep[], durationSeconds: number, ran: readonly FaultStep[] = []): string {
  const why = `the run lasts ${durationSeconds} s`;
  const { whole, cut } = splitByEvent(skipped, ran);
  const moments = sameMoment(whole);
  if (!cut.length && moments.length === 1) return `fault at ${whole[0]!.at} s skipped, ${why}: ${describeSteps(moments[0]!)}`;
  const parts = [wholeText(whole, 'skipped', true), cutText(cut, 'ends after it', 'end after it')].filter(Boolean);
  return `${parts.join(', and ')}: ${why}`;
}

/**
 * One line for the steps a run stopped early never reached, counted in the schedule's events:
 * `2 fault events from 20 s on never ran: interrupted at 12.5 s` (`why` says how the run ended); an event that had
 * begun and whose end never came is said apart: `..., and 1 fault event never reached its end (at 25 s): ...`. The
 * stop is given to 0.1 s, rounded down (a stop at 3.96 s is `3.9 s`: `4 s` would read as if the event at 4 s should
 * have run), in start-all and simulate alike. `ran` are the steps run.
 */
export function neverRanLine(notRun: readonly FaultStep[], why: string, atSeconds: number, ran: readonly FaultStep[] = []): string {
  const { whole, cut } = splitByEvent(notRun, ran);
  const parts = [wholeText(whole, 'never ran'), cutText(cut, 'never reached its end', 'never reached their ends')].filter(Boolean);
  return `${parts.join(', and ')}: ${why} at ${String(Math.floor(Math.round(atSeconds * 1000) / 100) / 10)} s`;
}

/** `4 fault events`: the schedule's events that `steps` come from (a selector makes a step per link). */
const faultEvents = (steps: readonly FaultStep[]): string => plural(new Set(steps.map((step) => step.event)).size, 'fault event');
