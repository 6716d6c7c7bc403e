// A stage that delivers bytes in order on a schedule, optionally cut into pieces: the latency, bandwidth and slicer toxics.
import { now, type Sink, type Stage } from './stage.js';
import { MAX_TIMER_MS } from '../config/schema.js';

/**
 * When a stage delivers. A piece of a chunk is due at
 *   max(arrival + delay, previous + gap) + cost(length)
 * where `previous` is when the previous piece was due ('schedule': a late timer is caught up, so average rates hold)
 * or actually delivered ('emission': pieces never bunch together).
 */
export interface Pacing {
  /** Drawn once per chunk when it arrives (latency +/- jitter). */
  delay(): number;
  /** Length of the next piece to cut from a chunk with `remaining` bytes left (all of it when not slicing). */
  cut(remaining: number): number;
  gap: number;
  cost(length: number): number;
  from: 'schedule' | 'emission';
}

interface Pending {
  /** Bytes not yet delivered, or null for the end of the stream. */
  data: Buffer | null;
  arrival: number;
  delay: number;
  /** Length of the piece being waited for, drawn once. */
  piece?: number;
}

export class PacedStage implements Stage {
  private queue: Pending[] = [];
  private lastDue = -Infinity;
  private lastEmit = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly pacing: Pacing,
    public next: Sink,
  ) {}

  write(chunk: Buffer): void {
    if (this.stopped || chunk.length === 0) return;
    this.queue.push({ data: chunk, arrival: now(), delay: this.pacing.delay() });
    this.pump();
  }

  end(): void {
    if (this.stopped) return;
    this.queue.push({ data: null, arrival: now(), delay: 0 });
    this.pump();
  }

  flush(): void {
    this.stop();
    const queue = this.queue;
    this.queue = [];
    for (const item of queue) {
      if (item.data) this.next.write(item.data);
      else this.next.end();
    }
  }

  dispose(): void {
    this.stop();
    this.queue = [];
  }

  private stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Delivers every piece that is due, then sets a timer for the next one. */
  private pump(): void {
    const { pacing } = this;
    while (!this.stopped && this.timer === undefined) {
      const head = this.queue[0];
      if (!head) return;
      const base = pacing.from === 'schedule' ? this.lastDue : this.lastEmit;
      let due: number;
      if (head.data) {
        head.piece ??= Math.max(1, Math.min(head.data.length, pacing.cut(head.data.length)));
        due = Math.max(head.arrival + head.delay, base + pacing.gap) + pacing.cost(head.piece);
      } else {
        due = Math.max(head.arrival, base);
      }
      const t = now();
      if (due > t) {
        // At most Node's longest timer (a longer one fires after 1 ms; a tiny bandwidth makes one): pump re-arms.
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, Math.min(due - t, MAX_TIMER_MS));
        return;
      }
      this.lastDue = due;
      this.lastEmit = t;
      if (!head.data) {
        this.queue.shift();
        this.next.end();
        continue;
      }
      const piece = head.data.subarray(0, head.piece);
      head.data = head.data.subarray(piece.length);
      head.piece = undefined;
      if (head.data.length === 0) this.queue.shift();
      this.next.write(piece);
    }
  }
}
