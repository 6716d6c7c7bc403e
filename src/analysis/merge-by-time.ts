// Merges the time-ordered record batches of many machine logs into one stream in time order, O(log machines) a record.
import type { LocatedRecord } from './record-stream.js';

interface Cursor {
  /** Position among the sources: the tie-break (the earlier stream first). */
  index: number;
  source: AsyncIterator<LocatedRecord[]>;
  batch: LocatedRecord[];
  next: number;
  /** The time of batch[next], kept here so that the heap compares cursors without reaching into their batches. */
  time: number;
  done: boolean;
}

async function refill(cursor: Cursor): Promise<void> {
  while (!cursor.done && cursor.next >= cursor.batch.length) {
    const result = await cursor.source.next();
    if (result.done) cursor.done = true;
    else {
      cursor.batch = result.value;
      cursor.next = 0;
    }
  }
  if (cursor.next < cursor.batch.length) cursor.time = cursor.batch[cursor.next]!.record.time;
}

/** Whether cursor a's next record goes before b's: earlier time, or the same time and the earlier stream. */
const before = (a: Cursor, b: Cursor): boolean => a.time < b.time || (a.time === b.time && a.index < b.index);

/** A binary min-heap of the cursors that hold a record, ordered by `before`. */
class CursorHeap {
  private readonly items: Cursor[] = [];

  push(cursor: Cursor): void {
    const items = this.items;
    let pos = items.length;
    items.push(cursor);
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      if (!before(cursor, items[parent]!)) break;
      items[pos] = items[parent]!;
      pos = parent;
    }
    items[pos] = cursor;
  }

  /** The first cursor, left in place. */
  peek(): Cursor | undefined {
    return this.items[0];
  }

  /** Takes the first cursor out. */
  pop(): Cursor | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      this.siftDown();
    }
    return top;
  }

  /** Puts the first cursor back in order after it moved on to its next record (whose time may be any). */
  siftDown(): void {
    const items = this.items;
    const n = items.length;
    const cursor = items[0];
    if (cursor === undefined) return;
    let pos = 0;
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= n) break;
      if (child + 1 < n && before(items[child + 1]!, items[child]!)) child++;
      if (!before(items[child]!, cursor)) break;
      items[pos] = items[child]!;
      pos = child;
    }
    items[pos] = cursor;
  }
}

/**
 * Merges streams of time-ordered batches into batches ordered by record time (ties: the earlier stream first).
 * A stream whose batch runs out is refilled before anything else is taken, so no record overtakes an earlier one.
 * A stream whose times go backwards is still read in its own order; consumers treat an earlier time as "now".
 */
export async function* mergeByTime(sources: AsyncIterator<LocatedRecord[]>[]): AsyncGenerator<LocatedRecord[]> {
  const cursors: Cursor[] = sources.map((source, index) => ({ index, source, batch: [], next: 0, time: 0, done: false }));
  const heap = new CursorHeap();
  // One after the other, as every later refill: what the streams report (bad lines, empty logs) comes in their order.
  for (const cursor of cursors) {
    await refill(cursor);
    if (cursor.next < cursor.batch.length) heap.push(cursor);
  }
  for (;;) {
    const out: LocatedRecord[] = [];
    let empty: Cursor | undefined;
    while (!empty) {
      const best = heap.peek();
      if (!best) break;
      out.push(best.batch[best.next++]!);
      if (best.next < best.batch.length) {
        best.time = best.batch[best.next]!.record.time;
        heap.siftDown();
      }
      else {
        heap.pop();
        if (!best.done) empty = best;
      }
    }
    if (out.length) yield out;
    if (!empty) return;
    await refill(empty);
    if (empty.next < empty.batch.length) heap.push(empty);
  }
}
