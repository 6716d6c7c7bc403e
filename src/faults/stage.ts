// The interfaces between a proxied connection and its toxics: each toxic is one stage of the client->target pipeline.

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
