// The signals that stop a run (Ctrl+C, SIGTERM, a closed terminal's SIGHUP), and an AbortSignal the first one aborts.
import { constants } from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Ctrl+C, a kill or a timeout, and the hang-up of a terminal that was closed (or an ssh session that dropped). */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Calls `handler` on every stop signal until the returned function removes it. */
export function onStopSignals(handler: (signal: NodeJS.Signals) => void): () => void {
  for (const name of STOP_SIGNALS) process.on(name, handler);
  return () => {
    for (const name of STOP_SIGNALS) process.off(name, handler);
  };
}

/**
 * Resolves once the event loop has looked for signals again, so that the handlers of one already received have run.
 * One setImmediate is not enough: awaited from an I/O callback, it runs in the same turn of the loop, after its poll.
 */
export async function signalsHeard(): Promise<void> {
  await nextTurn();
  await nextTurn();
}

export interface StopSignals {
  /** Aborted by the first stop signal, with its name as the reason. */
  signal: AbortSignal;
  /** 128 + the number of the first signal received (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP), as a shell reports it. */
  exitCode(): number;
  /** The first signal received, if any. */
  received(): NodeJS.Signals | undefined;
  /** Removes the handlers. */
  dispose(): void;
}

/**
 * Listens for the stop signals until dispose(). Later signals change nothing: the run ends within one step of the
 * simulation loop (it yields every few milliseconds), and under `npm run` one Ctrl+C arrives twice anyway.
 */
export function listenForStopSignals(): StopSignals {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (name: NodeJS.Signals) => {
    received ??= name;
    // The reason says which signal it was (a run folder records it: run.json's interruptedBy).
    controller.abort(received);
  };
  const remove = onStopSignals(onSignal);
  return {
    signal: controller.signal,
    exitCode: () => (received ? 128 + constants.signals[received] : 0),
    received: () => received,
    dispose: remove,
  };
}
