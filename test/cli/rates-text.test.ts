// start-all's first line: each machine's rate for a small run, their range past ten machines.
import { describe, expect, test } from '@jest/globals';
import { LISTED_RATES, ratesText } from '../../src/cli/rates-text.js';

const ids = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe('ratesText', () => {
  test('up to ten machines: each one with its rate', () => {
    expect(ratesText([1, 2, 3], new Map([[1, 20], [2, 30], [3, 3.48]]))).toBe('M1 20/s, M2 30/s, M3 3.48/s');
    expect(ratesText(ids(LISTED_RATES), new Map(ids(LISTED_RATES).map((id) => [id, id])))).toBe(ids(10).map((id) => `M${id} ${id}/s`).join(', '));
  });

  test('past ten machines: the range of rates, or the one rate they share', () => {
    expect(ratesText(ids(1000), new Map(ids(1000).map((id) => [id, 1 + (id % 6)])))).toBe("rates 1 to 6/s, each machine's in run.json");
    expect(ratesText(ids(50), new Map(ids(50).map((id) => [id, 100])))).toBe('each at 100/s');
  });
});
