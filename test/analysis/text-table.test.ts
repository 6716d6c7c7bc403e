// The number formats of the analysis tables: shares in percent.
import { percent } from '../../src/analysis/text-table.js';

describe('percent', () => {
  test.each([
    [15.234, '15.2%'],
    [0, '0%'],
    // 12,129,621 of 444,837,422,472 pairs: not none, so not '0%'.
    [(12_129_621 / 444_837_422_472) * 100, 'under 0.1%'],
    [0.05, '0.1%'],
    [null, '-'],
  ])('%p reads %p', (value, text) => {
    expect(percent(value)).toBe(text);
  });
});
