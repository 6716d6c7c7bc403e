// A bench goal's measured figure never reads as its limit when it is not, and says so when it is.
import { besideLimit } from '../../src/bench/limit-text.js';
import { fmt } from '../../src/bench/goals.js';
import { figure } from '../../src/bench/figure.js';

describe('a figure beside its goal limit', () => {
  test('gets the digits that tell it from the limit', () => {
    expect(besideLimit(2.04, 2, 0)).toBe('2.04');
    expect(besideLimit(1.96, 2, 0)).toBe('1.96');
    expect(besideLimit(2.0004, 2)).toBe('2.0004');
    expect(besideLimit(1.9996, 2)).toBe('1.9996');
    // Far from the limit, or the limit itself: as it is.
    expect(besideLimit(0.45, 2)).toBe('0.45');
    expect(besideLimit(2, 2)).toBe('2');
  });

  test("the goals' measured text: `2 ms, at the limit` for a missed `under 2 ms`, never a bare `2 ms`", () => {
    expect(fmt(figure([2, 2.05, 1.95]), 'ms', 2)).toBe('2 ms, at the limit (runs 1.95 to 2.05)');
    expect(fmt(figure([2.04]), 'ms', 2)).toBe('2.04 ms');
    expect(fmt(figure([0.3, 0.2, 0.45]), 'ms', 2)).toBe('0.3 ms (runs 0.2 to 0.45)');
    expect(fmt(figure([2.04]), 'ms')).toBe('2.04 ms');
  });
});
