// The interfaces between a proxied connection and its toxics: each toxic is one stage of the client->target pipeline.
import { MAX_TIMER_MS } from '../config/schema.js';

/** Where a stage hands bytes on to: the next stage, or the socket to the target. */
export interface Sink {
  write(chunk: Buffer): void;
  /** The client finished sending; passed on after every byte written before it. */
  end(): void;
}

/** One toxic applied to one connection. */
export interface Stage extends Sink {
  /** Reassigned when a stage after this one is added or removed. */
  next: Sink;
  /** The toxic was removed: hand everything held to `next` now, in order, and stop. */
  flush(): void;
  /** The connection is gone: stop timers and drop what is held. */
  dispose(): void;
}

/** What a stage may do to its connection. */
export interface ConnectionControl {
  /** Closes both sockets (the timeout toxic). */
  close(): void;
  /** Resets both sockets with a TCP RST (the reset_peer toxic). */
  reset(): void;
}

/** Milliseconds from a monotonic clock. */
export const now = (): number => performance.now();

/**
 * Calls `fn` once `ms` milliseconds have passed on the monotonic clock. A plain setTimeout counts from the event
 * loop's cached time and may fire early by however long the current tick has run; this re-arms until the deadline.
 */
export function afterDelay(ms: number, fn: () => void): { cancel(): void } {
  const deadline = now() + ms;
  let timer: NodeJS.Timeout;
  const arm = (wait: number) => {
    timer = setTimeout(() => {
      const left = deadline - now();
      if (left > 0) arm(left);
      else fn();
    }, Math.min(wait, MAX_TIMER_MS)); // a longer timer would fire after 1 ms: the deadline is re-armed for instead
  };
  arm(ms);
  return { cancel: () => clearTimeout(timer) };
}
