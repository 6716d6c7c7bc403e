// The benchmark's child processes (start-all runs, peer processes): a stop signal is passed on to them and nothing new starts.

/** What is used of a child: a node ChildProcess or an execa subprocess. */
interface Child {
  kill(signal?: NodeJS.Signals): boolean;
  once(event: 'exit', listener: () => void): unknown;
}

/** Children started and not yet exited. */
const running = new Set<Child>();
/** The signal that stopped the benchmark, once one did. */
let stoppedBy: NodeJS.Signals | undefined;

/** Thrown instead of starting a child once the benchmark is stopping. */
export class BenchStopped extends Error {
  constructor() {
    super('the benchmark is stopping');
  }
}

/** True once stopChildren has been called. */
export const isStopping = (): boolean => stoppedBy !== undefined;

/** Throws BenchStopped once stopChildren has been called: call it before starting a child. */
export function throwIfStopping(): void {
  if (stoppedBy) throw new BenchStopped();
}

/**
 * Keeps `child` among the benchmark's running children until it exits. A measurement awaits its child's exit before
 * its scratch folder is removed, so a stopping start-all (which waits for its machines) never writes into a removed one.
 */
export function trackChild<T extends Child>(child: T): T {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (stoppedBy) child.kill(stoppedBy);
  return child;
}

/**
 * Passes `signal` on to every running child (it may have had it already: a terminal's Ctrl+C reaches the whole process
 * group) and makes throwIfStopping throw from now on.
 */
export function stopChildren(signal: NodeJS.Signals): void {
  stoppedBy ??= signal;
  for (const child of running) child.kill(signal);
}
