// Delivers frames on one link after a delay without blocking the sender, keeping FIFO order on the link.

export class DelayLine {
  private frames: { at: number; frame: string }[] = [];
  private lastAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deliver: (frame: string) => void,
    private readonly now: () => number,
  ) {}

  get pending(): number {
    return this.frames.length;
  }

  /** Queues a frame for delivery at the later of the previous frame's delivery and now + delayMs. */
  push(frame: string, delayMs: number): void {
    const at = Math.max(this.lastAt, this.now() + delayMs);
    this.lastAt = at;
    this.frames.push({ at, frame });
    if (!this.timer) this.arm();
  }

  private arm(): void {
    const head = this.frames[0];
    if (!head) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const now = this.now();
      let due = 0;
      while (due < this.frames.length && this.frames[due]!.at <= now) due++;
      for (const { frame } of this.frames.splice(0, due)) this.deliver(frame);
      this.arm();
    }, Math.max(0, head.at - this.now()));
  }

  /**
   * Forgets every waiting frame (the link went down): they were written to a connection that is gone, as bytes in its
   * buffers would be lost with it, and must not go out on the next one, after its hello.
   */
  drop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.lastAt = -Infinity;
    this.frames = [];
  }

  /** Delivers every waiting frame at once (shutdown) and stops the timer. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const { frame } of this.frames.splice(0)) this.deliver(frame);
  }
}
