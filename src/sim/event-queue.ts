// A priority queue of timed simulator events, ordered by time and then by scheduling order, with no per-event allocation.

/** What an event does: a machine's tick, a message arriving at a machine, or a step of a fault schedule. */
export const TICK = 0;
export const DELIVER = 1;
export const FAULT = 2;
export type SimEventKind = typeof TICK | typeof DELIVER | typeof FAULT;

/**
 * A binary min-heap over event slots. Each event carries a kind and three numbers (`a`, `b`, `c`) whose meaning the
 * driver chooses. Events at the same time leave in the order they were pushed (a sequence number breaks ties), so the
 * order never depends on chance or on the heap's shape. Fields live in typed arrays that grow by doubling.
 */
export class EventQueue {
  private heap: Int32Array;
  private times: Float64Array;
  private seqs: Float64Array;
  private kinds: Uint8Array;
  private as: Int32Array;
  private bs: Int32Array;
  private cs: Float64Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotCount = 0;
  private count = 0;
  private nextSeq = 0;

  constructor(initialCapacity = 64) {
    const n = Math.max(4, initialCapacity);
    this.heap = new Int32Array(n);
    this.times = new Float64Array(n);
    this.seqs = new Float64Array(n);
    this.kinds = new Uint8Array(n);
    this.as = new Int32Array(n);
    this.bs = new Int32Array(n);
    this.cs = new Float64Array(n);
    this.freeSlots = new Int32Array(n);
  }

  get size(): number {
    return this.count;
  }

  /** Schedules an event at `time`. */
  push(time: number, kind: SimEventKind, a: number, b: number, c: number): void {
    const slot = this.takeSlot();
    this.times[slot] = time;
    this.seqs[slot] = this.nextSeq++;
    this.kinds[slot] = kind;
    this.as[slot] = a;
    this.bs[slot] = b;
    this.cs[slot] = c;
    this.siftUp(this.count++, slot);
  }

  /** Time of the earliest event (Infinity when empty). */
  peekTime(): number {
    return this.count === 0 ? Infinity : this.times[this.heap[0]!]!;
  }
  peekKind(): SimEventKind {
    return this.kinds[this.heap[0]!]! as SimEventKind;
  }
  peekA(): number {
    return this.as[this.heap[0]!]!;
  }
  peekB(): number {
    return this.bs[this.heap[0]!]!;
  }
  peekC(): number {
    return this.cs[this.heap[0]!]!;
  }

  /** Removes the earliest event (read it with the peek methods first). */
  pop(): void {
    if (this.count === 0) return;
    const heap = this.heap;
    this.freeSlots[this.freeCount++] = heap[0]!;
    const last = heap[--this.count]!;
    if (this.count > 0) this.siftDown(0, last);
  }

  private before(x: number, y: number): boolean {
    const tx = this.times[x]!;
    const ty = this.times[y]!;
    return tx < ty || (tx === ty && this.seqs[x]! < this.seqs[y]!);
  }

  private siftUp(pos: number, slot: number): void {
    const heap = this.heap;
    while (pos > 0) {
      const parentPos = (pos - 1) >> 1;
      const parent = heap[parentPos]!;
      if (!this.before(slot, parent)) break;
      heap[pos] = parent;
      pos = parentPos;
    }
    heap[pos] = slot;
  }

  private siftDown(pos: number, slot: number): void {
    const heap = this.heap;
    const n = this.count;
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && this.before(heap[right]!, heap[child]!)) child = right;
      const childSlot = heap[child]!;
      if (!this.before(childSlot, slot)) break;
      heap[pos] = childSlot;
      pos = child;
    }
    heap[pos] = slot;
  }

  private takeSlot(): number {
    if (this.freeCount > 0) return this.freeSlots[--this.freeCount]!;
    if (this.slotCount === this.times.length) this.grow();
    return this.slotCount++;
  }

  private grow(): void {
    const n = this.times.length * 2;
    this.heap = withLength(this.heap, new Int32Array(n));
    this.times = withLength(this.times, new Float64Array(n));
    this.seqs = withLength(this.seqs, new Float64Array(n));
    this.kinds = withLength(this.kinds, new Uint8Array(n));
    this.as = withLength(this.as, new Int32Array(n));
    this.bs = withLength(this.bs, new Int32Array(n));
    this.cs = withLength(this.cs, new Float64Array(n));
    this.freeSlots = withLength(this.freeSlots, new Int32Array(n));
  }
}

/** Copies `old` into the larger array `next` and returns it. */
function withLength<T extends { set(source: ArrayLike<number>): void }>(old: ArrayLike<number>, next: T): T {
  next.set(old);
  return next;
}
