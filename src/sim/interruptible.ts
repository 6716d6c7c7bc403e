// Runs a simulation in steps, handing control back to the event loop between them, so a signal can end it early.
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Simulation, type FaultHandler, type RecordHandler, type SimResult, type SimSetup } from './simulation.js';

/** Events run between two looks at the wall clock. */
const STEP_EVENTS = 4096;
/** Wall time between two turns of the event loop (when signal handlers run): a Ctrl+C is seen within about this. */
const YIELD_EVERY_MS = 20;

export interface InterruptibleResult {
  result: SimResult;
  /** True when `stop` ended the run before its end time. */
  interrupted: boolean;
  /** Virtual seconds from the start to the instant every machine stopped, to the millisecond as the records' times. */
  simulatedSeconds: number;
}

/**
 * `simulate`, yielding to the event loop every YIELD_EVERY_MS of wall time. Once `stop` is aborted the run ends at the
 * current virtual instant as a full run ends (see Simulation.endEarly): the same records as a run of that length.
 * `onProgress` hears the virtual seconds simulated so far at each of those turns.
 */
export async function simulateUntilStopped(
  setup: SimSetup,
  onRecord: RecordHandler,
  stop: AbortSignal,
  onFault?: FaultHandler,
  onProgress?: (simulatedSeconds: number) => void,
): Promise<InterruptibleResult> {
  const simulation = new Simulation(setup, onRecord, onFault);
  let interrupted = false;
  let lastTurn = performance.now();
  while (!simulation.advance(STEP_EVENTS)) {
    if (interrupted || performance.now() - lastTurn < YIELD_EVERY_MS) continue;
    onProgress?.(simulation.simulatedSeconds);
    await nextTurn();
    lastTurn = performance.now();
    if (stop.aborted) {
      interrupted = true;
      simulation.endEarly();
    }
  }
  const result = simulation.finish();
  // Whole milliseconds, as the ISO times of run.json and the stop records (Date drops the fraction of a virtual instant).
  return { result, interrupted, simulatedSeconds: (Math.floor(result.endTime) - Math.floor(result.startTime)) / 1000 };
}
