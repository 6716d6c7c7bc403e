// A stage that lets nothing through and acts after a timeout: the timeout and reset_peer toxics.
import type { Sink, Stage } from './stage.js';

export class HoldStage implements Stage {
  private held: (Buffer | null)[] = [];
  private timer: NodeJS.Timeout | undefined;

  /** Holds every byte; after `afterMs` (null: never) calls `onTimeout`. */
  constructor(
    public next: Sink,
    afterMs: number | null,
    onTimeout: () => void,
  ) {
    if (afterMs !== null) this.timer = setTimeout(onTimeout, afterMs);
  }

  write(chunk: Buffer): void {
    this.held.push(chunk);
  }

  end(): void {
    this.held.push(null);
  }

  flush(): void {
    clearTimeout(this.timer);
    const held = this.held;
    this.held = [];
    for (const item of held) {
      if (item) this.next.write(item);
      else this.next.end();
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.held = [];
  }
}
