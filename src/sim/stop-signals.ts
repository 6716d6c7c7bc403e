// SIGINT and SIGTERM for the simulator: the first one ends the run early, through an AbortSignal.
import { constants } from 'node:os';

export interface StopSignals {
  /** Aborted by the first SIGINT or SIGTERM. */
  signal: AbortSignal;
  /** 128 + the number of the first signal received (130 for SIGINT, 143 for SIGTERM), as a shell reports it. */
  exitCode(): number;
  /** The first signal received, if any. */
  received(): NodeJS.Signals | undefined;
  /** Removes the handlers. */
  dispose(): void;
}

/**
 * Listens for SIGINT and SIGTERM until dispose(). Later signals change nothing: the run ends within one step of the
 * simulation loop (it yields every few milliseconds), and under `npm run` one Ctrl+C arrives twice anyway.
 */
export function listenForStopSignals(): StopSignals {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (name: NodeJS.Signals) => {
    received ??= name;
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    exitCode: () => (received ? 128 + constants.signals[received] : 0),
    received: () => received,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
