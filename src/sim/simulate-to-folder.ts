// Simulates a resolved run into a run folder: machine logs streamed as they happen, then run.json (mode "simulated").
import type { CoreRecord } from '../core/records.js';
import { isoTime } from '../log/format.js';
import { writeRunInfo, type RunInfo } from '../log/run-info.js';
import { toolNameVersion } from '../log/tool-version.js';
import { simulateUntilStopped, type InterruptibleResult } from './interruptible.js';
import { createRunFolderSink } from './run-folder-sink.js';
import type { ResolvedSimulation } from './setup.js';
import { simulate, type SimResult } from './simulation.js';
import { faultWindows } from '../faults/windows.js';
import { createFaultLogFile } from './fault-log-file.js';

/** The fields every simulated run.json starts with; `endTime` null while the run is still being written. */
function runInfoHead(resolved: ResolvedSimulation, startTime: number, endTime: number | null): RunInfo {
  const { run } = resolved;
  return {
    mode: 'simulated',
    seed: run.seed,
    rates: Object.fromEntries(run.ids.map((id) => [String(id), run.rates.get(id)!])),
    internalProbability: run.config.internalProbability,
    durationSeconds: run.config.durationSeconds,
    staggerMs: run.config.staggerMs,
    delayMs: run.config.delayMs,
    // Only when given: a run without them keeps the bytes it always had.
    ...(resolved.setup.tickOffsetsMs ? { tickOffsetsMs: Object.fromEntries(run.ids.map((id, i) => [String(id), resolved.setup.tickOffsetsMs![i]!])) } : {}),
    startTime: isoTime(startTime),
    endTime: endTime === null ? null : isoTime(endTime),
    config: run.config,
    tool: toolNameVersion(),
  };
}

/**
 * The run.json of a simulated run: no wall-clock values, so the same inputs give the same bytes. A run a signal ended
 * early adds `interrupted` and `simulatedSeconds`; its endTime is when it stopped, its durationSeconds the requested.
 */
export function simulatedRunInfo(resolved: ResolvedSimulation, result: SimResult, interruptedAt?: number, interruptedBy?: string): RunInfo {
  return {
    ...runInfoHead(resolved, result.startTime, result.endTime),
    // The same section as a real run's (start-all.ts): after an early end, only the windows that began, closed there.
    ...(resolved.faults
      ? { faults: { ...resolved.faults, windows: faultWindows(resolved.faults.steps, interruptedAt ?? resolved.run.config.durationSeconds) } }
      : {}),
    // A machine the fault schedule killed and did not restart has no stop record, as in a real run (start-all.ts).
    stoppedTogether: !result.machines.some((m) => m.killed),
    ...(interruptedAt !== undefined ? { interrupted: true, ...(interruptedBy ? { interruptedBy } : {}), simulatedSeconds: interruptedAt } : {}),
  };
}

/**
 * Runs the simulation, writing machine-<id>.jsonl and machine-<id>.log as records arrive (nothing is buffered beyond
 * a bounded write buffer), then run.json. `onRecord` also sees every record (for metrics), if given.
 */
export function simulateToFolder(resolved: ResolvedSimulation, dir: string, onRecord?: (record: CoreRecord) => void): SimResult {
  const sink = createRunFolderSink(dir, resolved.run.ids);
  const faultLog = createFaultLogFile(dir);
  let result: SimResult;
  try {
    result = simulate(
      resolved.setup,
      onRecord
        ? (record) => {
            sink.write(record);
            onRecord(record);
          }
        : (record) => sink.write(record),
      (step, time) => faultLog.write(step, time),
    );
  } finally {
    sink.close();
    faultLog.close();
  }
  writeRunInfo(dir, simulatedRunInfo(resolved, result));
  return result;
}

/** simulateToFolder, yielding to the event loop as it goes; once `stop` is aborted the run ends early, complete. */
export async function simulateToFolderUntilStopped(
  resolved: ResolvedSimulation,
  dir: string,
  stop: AbortSignal,
  onProgress?: (simulatedSeconds: number) => void,
): Promise<InterruptibleResult> {
  // Until the end, run.json has no end time, as a real run's while start-all runs it: check and analyze, given the
  // folder meanwhile, say the run may still be going instead of calling its machines crashed.
  writeRunInfo(dir, runInfoHead(resolved, resolved.setup.startTime, null), { first: true });
  const sink = createRunFolderSink(dir, resolved.run.ids);
  const faultLog = createFaultLogFile(dir);
  let outcome: InterruptibleResult;
  try {
    outcome = await simulateUntilStopped(resolved.setup, (record) => sink.write(record), stop, (step, time) => faultLog.write(step, time), onProgress);
    sink.close();
    faultLog.close();
  } catch (error) {
    // A log that cannot be written (a full disk) ends the run: say where it left the folder. Closing the files then
    // fails the same way, and is not the error to report.
    for (const file of [sink, faultLog]) {
      try {
        file.close();
      } catch {
        // See above.
      }
    }
    throw new Error(`${(error as Error).message}; the run stopped there, its logs in ${dir} cut short (run.json has no end time)`, { cause: error });
  }
  // The signal that stopped it is the abort's reason (stop-signals.ts).
  const by = typeof stop.reason === 'string' ? stop.reason : undefined;
  writeRunInfo(dir, simulatedRunInfo(resolved, outcome.result, outcome.interrupted ? outcome.simulatedSeconds : undefined, by));
  return outcome;
}
