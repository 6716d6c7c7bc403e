// A stage that lets nothing through and acts after a timeout: the timeout and reset_peer toxics.
import { afterDelay, type Sink, type Stage } from './stage.js';

export class HoldStage implements Stage {
  private held: (Buffer | null)[] = [];
  private timer: { cancel(): void } | undefined;

  /** Holds every byte; after `afterMs` (null: never) calls `onTimeout`. */
  constructor(
    public next: Sink,
    afterMs: number | null,
    onTimeout: () => void,
  ) {
    if (afterMs !== null) this.timer = afterDelay(afterMs, onTimeout);
  }

  write(chunk: Buffer): void {
    this.held.push(chunk);
  }

  end(): void {
    this.held.push(null);
  }

  flush(): void {
    this.timer?.cancel();
    const held = this.held;
    this.held = [];
    for (const item of held) {
      if (item) this.next.write(item);
      else this.next.end();
    }
  }

  dispose(): void {
    this.timer?.cancel();
    this.held = [];
  }
}
