// blockUntil and sleepUntil: return once the clock has reached the deadline, never before it, and at once for a deadline passed.
import { blockUntil, sleepUntil } from '../../src/runtime/precise-wait.js';
import { monotonicMs } from '../../src/runtime/clock.js';
import v8 from 'node:v8';

const newSpaceUsed = (): number => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_used_size;

describe('blockUntil', () => {
  test('returns only once the monotonic clock has reached the deadline', () => {
    for (const ahead of [0.1, 0.5, 2, 4]) {
      const deadline = monotonicMs() + ahead;
      blockUntil(deadline);
      expect(monotonicMs()).toBeGreaterThanOrEqual(deadline);
    }
  });

  test('waits in short steps on the given clock until it reads the deadline, and reads it no more after that', () => {
    let t = 100;
    let reads = 0;
    const clock = () => (reads++, (t += 0.0625));
    // 0.1875 ms to go at the first read: under the fine threshold, so no long futex wait, only short steps and reads.
    blockUntil(100.25, clock);
    expect(t).toBe(100.25);
    expect(reads).toBe(4);
  });

  test('a deadline already passed returns at once: two reads of the clock, no wait', () => {
    let reads = 0;
    blockUntil(5, () => (reads++, 10));
    expect(reads).toBe(2);
  });

  test('waits without allocating as it goes: a 2 ms wait adds under 4 KB to the young heap', () => {
    // A loop reading the clock allocated about 100 bytes a read (tens of KB in a quarter of a millisecond), and the
    // fresh pages that touched were what made the occasional tick late by milliseconds.
    blockUntil(monotonicMs() + 0.5); // the first call makes the futex word
    const before = newSpaceUsed();
    blockUntil(monotonicMs() + 2);
    expect(newSpaceUsed() - before).toBeLessThan(4096);
  });
});

describe('sleepUntil', () => {
  test('returns only once the monotonic clock has reached the deadline', () => {
    for (const ahead of [0.05, 0.5, 3]) {
      const deadline = monotonicMs() + ahead;
      sleepUntil(deadline);
      expect(monotonicMs()).toBeGreaterThanOrEqual(deadline);
    }
  });

  test('a deadline already passed returns at once: one read of the clock, no wait', () => {
    let reads = 0;
    sleepUntil(5, () => (reads++, 10));
    expect(reads).toBe(1);
  });

  test('a wait that ends before the deadline on the given clock waits again for the rest', () => {
    const readings = [100, 100.99, 101];
    const seen: number[] = [];
    sleepUntil(101, () => (seen.push(readings[seen.length]!), seen.at(-1)!));
    expect(seen).toEqual([100, 100.99, 101]);
  });
});
