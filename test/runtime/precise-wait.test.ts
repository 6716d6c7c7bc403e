// blockUntil: returns once the clock has reached the deadline, never before it, and at once for a deadline passed.
import { blockUntil } from '../../src/runtime/precise-wait.js';
import { monotonicMs } from '../../src/runtime/clock.js';

describe('blockUntil', () => {
  test('returns only once the monotonic clock has reached the deadline', () => {
    for (const ahead of [0.1, 0.5, 2, 4]) {
      const deadline = monotonicMs() + ahead;
      blockUntil(deadline);
      expect(monotonicMs()).toBeGreaterThanOrEqual(deadline);
    }
  });

  test('spins on the given clock until it reads the deadline, and reads it no more after that', () => {
    let t = 100;
    let reads = 0;
    const clock = () => (reads++, (t += 0.0625));
    // 0.1875 ms to go at the first read: under the spin threshold, so no futex wait, only reads of the clock.
    blockUntil(100.25, clock);
    expect(t).toBe(100.25);
    expect(reads).toBe(4);
  });

  test('a deadline already passed returns at once: two reads of the clock, no wait', () => {
    let reads = 0;
    blockUntil(5, () => (reads++, 10));
    expect(reads).toBe(2);
  });
});
