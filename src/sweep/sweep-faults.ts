// The fault schedules a sweep's grid names: read once from files beside the spec, planned for each point's machines.
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { UsageError } from '../config/errors.js';
import { loadFaultSchedule, type FaultPlan } from '../faults/load-schedule.js';
import { planFaults } from '../faults/plan.js';
import type { FaultSchedule } from '../faults/schedule.js';
import { unsupportedFault } from '../sim/fault-support.js';
import type { SweepSpec } from './spec.js';
import type { SweepPoint } from './grid.js';
import { skippedLine } from '../faults/unrun-line.js';
import { firstAndMore } from '../text/first-and-more.js';

/** Each schedule the grid names, by its path as the spec gives it. */
export type SweepSchedules = ReadonlyMap<string, FaultSchedule>;

/** A schedule's path as the spec gives it, resolved against the spec's folder (as a tsconfig's paths are). */
export function scheduleFile(specPath: string, path: string): string {
  return isAbsolute(path) ? path : join(dirname(specPath), path);
}

/**
 * Reads and checks every schedule in `grid.faults` before any run, so a bad file is one line (exit 2) naming it: a
 * missing or malformed file, or a toxic the simulator cannot model (fault-support.ts).
 */
export function loadSweepSchedules(spec: SweepSpec, specPath: string): Map<string, FaultSchedule> {
  const schedules = new Map<string, FaultSchedule>();
  // One file named two ways (`kill.json`, `./kill.json`, a link to it) would be two points with the same runs, counted twice.
  const named = new Map<string, string>();
  const identity = (file: string): string => {
    try {
      return realpathSync(file);
    } catch {
      return resolve(file); // missing: loadFaultSchedule says so
    }
  };
  for (const path of spec.grid.faults ?? []) {
    if (path === null) continue;
    const file = scheduleFile(specPath, path);
    const before = named.get(identity(file));
    if (before !== undefined) {
      throw new UsageError(`${specPath}: grid.faults names one file twice (${JSON.stringify(before)} and ${JSON.stringify(path)}): each value is a grid point, so its runs would count twice`);
    }
    named.set(identity(file), path);
    const schedule = loadFaultSchedule(file);
    const refusal = unsupportedFault(schedule);
    if (refusal) throw new UsageError(`${file}: ${refusal}`);
    schedules.set(path, schedule);
  }
  return schedules;
}

/**
 * The schedule at `path` planned for machines `ids` of grid point `point` (numbered from 0, as results.csv's `point`);
 * a plan error (a machine the point lacks) names the point and the schedule.
 */
export function planPointFaults(schedules: SweepSchedules, path: string, ids: readonly number[], point: number): FaultPlan {
  const schedule = schedules.get(path);
  if (!schedule) throw new Error(`fault schedule ${path} was not loaded (loadSweepSchedules)`);
  try {
    return { file: path, schedule, steps: planFaults(schedule, ids, 'at this grid point') };
  } catch (err) {
    throw err instanceof UsageError ? new UsageError(`grid point ${point}: fault schedule ${path}: ${err.message}`) : err;
  }
}

/** `{ faultSchedules }` for results.json and the journal, or nothing for a grid without faults (its bytes unchanged). */
export function storedSchedules(schedules: SweepSchedules): { faultSchedules?: Record<string, FaultSchedule> } {
  return schedules.size ? { faultSchedules: Object.fromEntries(schedules) } : {};
}

/**
 * The schedules that differ between a stopped sweep's (as stored) and the files now, for --resume: a schedule edited
 * since would make the runs still to come differ from those that finished.
 */
export function changedSchedules(stored: unknown, schedules: SweepSchedules): string[] {
  const before = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  return [...schedules].filter(([path, schedule]) => JSON.stringify(before[path]) !== JSON.stringify(schedule)).map(([path]) => path);
}

/**
 * One line per schedule and run length whose steps come at or after the run's end, as simulate says it
 * (`faults/kill.json at grid points 0 and 2: fault at 5 s skipped, the run lasts 3 s: kill machine 2 (SIGKILL)`): those runs
 * carry the schedule's name in results.csv but not all of its faults.
 */
export function skippedFaultNotes(points: readonly SweepPoint[]): string[] {
  const groups = new Map<string, { plan: FaultPlan; duration: number; points: number[] }>();
  for (const point of points) {
    const plan = point.faults;
    const duration = point.config.durationSeconds;
    if (!plan || !plan.steps.some((step) => step.at >= duration)) continue;
    const key = JSON.stringify([plan.file, duration]);
    const group = groups.get(key) ?? groups.set(key, { plan, duration, points: [] }).get(key)!;
    group.points.push(point.index);
  }
  return [...groups.values()].map(({ plan, duration, points: at }) => {
    const skipped = plan.steps.filter((step) => step.at >= duration);
    const ran = plan.steps.filter((step) => step.at < duration);
    return `${plan.file} at grid point${at.length > 1 ? 's' : ''} ${firstAndMore(at, 5, { and: true })}: ${skippedLine(skipped, duration, ran)}`;
  });
}
