// faults.jsonl of a simulated run: a line per applied fault step, as start-all's fault driver writes, in virtual time.
import { faultLogPath } from '../log/fault-log-path.js';
import { describeStep, type FaultStep } from '../faults/plan.js';
import { isoTime } from '../log/format.js';
import { LineFile } from './line-file.js';

export interface FaultLogFile {
  /** Logs a step applied at virtual time `time` (epoch ms); the file is created with the first. */
  write(step: FaultStep, time: number): void;
  close(): void;
}

/**
 * The same fields as a real run's faults.jsonl: `time` the virtual instant, `at` the plan's seconds, `elapsed` the
 * seconds since the schedule began (the same, in virtual time). Like a real run's, the file exists only once a fault ran.
 */
export function createFaultLogFile(dir: string): FaultLogFile {
  let file: LineFile | undefined;
  return {
    write(step, time) {
      file ??= new LineFile(faultLogPath(dir));
      const where = 'link' in step ? { link: step.link } : { machine: step.machine };
      const entry = { time: isoTime(time), at: step.at, elapsed: Math.round(step.at * 1000) / 1000, action: step.action, description: describeStep(step), ...where };
      file.write(JSON.stringify(entry));
    },
    close() {
      file?.close();
    },
  };
}
