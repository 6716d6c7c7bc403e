// Where a run folder keeps its fault log: faults.jsonl, written by start-all's fault driver and the simulator, read by the analysis.
import { join } from 'node:path';

export const FAULT_LOG_NAME = 'faults.jsonl';

/** The fault log of the run folder `dir`. */
export const faultLogPath = (dir: string): string => join(dir, FAULT_LOG_NAME);
