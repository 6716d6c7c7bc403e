// The fault schedules a sweep's grid names: read once from files beside the spec, planned for each point's machines.
import { dirname, isAbsolute, join } from 'node:path';
import { UsageError } from '../config/errors.js';
import { loadFaultSchedule, type FaultPlan } from '../faults/load-schedule.js';
import { planFaults } from '../faults/plan.js';
import type { FaultSchedule } from '../faults/schedule.js';
import { unsupportedFault } from '../sim/fault-support.js';
import type { SweepSpec } from './spec.js';

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
  for (const path of spec.grid.faults ?? []) {
    if (path === null) continue;
    const file = scheduleFile(specPath, path);
    const schedule = loadFaultSchedule(file);
    const refusal = unsupportedFault(schedule);
    if (refusal) throw new UsageError(`${file}: ${refusal}`);
    schedules.set(path, schedule);
  }
  return schedules;
}

/** The schedule at `path` planned for machines `ids`; a plan error (a machine the point lacks) names the point and file. */
export function planPointFaults(schedules: SweepSchedules, path: string, ids: readonly number[], point: string): FaultPlan {
  const schedule = schedules.get(path);
  if (!schedule) throw new Error(`fault schedule ${path} was not loaded (loadSweepSchedules)`);
  try {
    return { file: path, schedule, steps: planFaults(schedule, ids) };
  } catch (err) {
    throw err instanceof UsageError ? new UsageError(`${point}: fault schedule ${path}: ${err.message}`) : err;
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
