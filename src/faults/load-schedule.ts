// Reads and validates a faults.json file, turning every failure into a one-line UsageError; plans it for a run's machines.
import { UsageError } from '../config/errors.js';
import { readJsonFile } from '../config/json-file.js';
import { planFaults, type FaultStep } from './plan.js';
import { parseFaultSchedule, type FaultSchedule } from './schedule.js';

export function loadFaultSchedule(path: string): FaultSchedule {
  return parseFaultSchedule(readJsonFile(path, 'fault schedule'), path);
}

/** A loaded schedule and its planned steps, as run.json records them. */
export interface FaultPlan {
  file: string;
  schedule: FaultSchedule;
  steps: FaultStep[];
}

/**
 * Loads and plans a fault schedule for machines `ids` before anything starts, so a bad file is one line (exit 2).
 * `refuse` may name what a runner cannot do with a valid schedule (a message, or null); its line names the file too.
 */
export function loadFaultPlan(file: string, ids: readonly number[], refuse?: (schedule: FaultSchedule) => string | null): FaultPlan {
  const schedule = loadFaultSchedule(file);
  const refusal = refuse?.(schedule);
  if (refusal) throw new UsageError(`${file}: ${refusal}`);
  try {
    return { file, schedule, steps: planFaults(schedule, ids) };
  } catch (err) {
    // The plan's errors name the event and field; the file is named here, as its schema errors name it.
    throw err instanceof UsageError ? new UsageError(`${file}: ${err.message}`) : err;
  }
}
