// start-all's refusal to start more machines than the host's available memory holds.
import { describe, expect, test } from '@jest/globals';
import { MACHINE_MB, memoryShortfall } from '../../src/runner/memory-check.js';

const MB = 2 ** 20;

describe('memoryShortfall', () => {
  test('machines that fit in the available memory: no refusal', () => {
    expect(memoryShortfall(50, 50 * MACHINE_MB * MB)).toBeNull();
  });

  test('more than fit: what they need, what there is, and how many fit', () => {
    expect(memoryShortfall(400, 20_000 * MB)).toBe(
      '400 machines take about 24,000 MB of memory (about 60 MB each), more than the 20,000 MB available here: run at most 333 (or simulate them: npm run simulate -- -m 400)',
    );
  });
});
