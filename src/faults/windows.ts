// Fault windows for time charts: the intervals during which each schedule event's fault was in force.
import type { FaultStep } from './plan.js';
import { linkName, type Link } from './selectors.js';

export interface FaultWindow {
  /** Seconds on the schedule's clock (its `at`: from when every machine ticks), as planned. */
  from: number;
  /** When it was undone; null if it lasts to the end of the schedule (and no `end` was given). */
  to: number | null;
  label: string;
  kind: 'toxic' | 'down' | 'kill';
  /** The schedule event it comes from. */
  event: number;
  /** The links it affected (toxic and down windows). */
  links: Link[];
  /** The machine (kill windows). */
  machine?: number;
}

/** The windows of a plan's steps, one per event and interval, ordered by start then event; open ones end at `end`. */
export function faultWindows(steps: readonly FaultStep[], end?: number): FaultWindow[] {
  const open = new Map<string, FaultStep>();
  const windows = new Map<string, FaultWindow>();
  const close = (start: FaultStep, to: number | null) => {
    const kind = start.action === 'add' ? 'toxic' : start.action === 'down' ? 'down' : 'kill';
    const key = `${start.event}|${kind}|${start.at}|${to}`;
    let window = windows.get(key);
    if (!window) {
      window = { from: start.at, to, label: start.label, kind, event: start.event, links: [] };
      if ('machine' in start) window.machine = start.machine;
      windows.set(key, window);
    }
    if ('link' in start) window.links.push(start.link);
  };

  for (const step of steps) {
    // Steps at or past the end never run (start-all skips them): a window still open then closes at the end.
    if (end !== undefined && step.at >= end) break;
    const key =
      'machine' in step ? `kill ${step.machine}` : step.action === 'add' || step.action === 'remove' ? `toxic ${linkName(step.link)} ${step.toxic.name}` : `down ${linkName(step.link)}`;
    if (step.action === 'add' || step.action === 'down' || step.action === 'kill') {
      open.set(key, step);
      continue;
    }
    const start = open.get(key);
    if (!start) continue;
    open.delete(key);
    close(start, step.at);
  }
  for (const start of open.values()) close(start, end ?? null);
  return [...windows.values()].sort((a, b) => a.from - b.from || a.event - b.event);
}
