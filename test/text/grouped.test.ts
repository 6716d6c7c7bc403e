// Numbers for people: grouped thousands, fixed decimals, and no minus sign on a value that rounds to nothing.
import { fixedGrouped, grouped } from '../../src/text/grouped.js';

describe('grouped and fixedGrouped', () => {
  it('group thousands and keep the decimals asked for', () => {
    expect(grouped(1234567)).toBe('1,234,567');
    expect(grouped(2.34567)).toBe('2.346');
    expect(fixedGrouped(2697.5, 1)).toBe('2,697.5');
    expect(fixedGrouped(463015.9, 2)).toBe('463,015.90');
  });

  it('say 0, not -0, for a value below 0 that rounds to nothing, and keep the sign of one that does not', () => {
    expect(fixedGrouped(-0.001, 2)).toBe('0.00');
    expect(fixedGrouped(-0, 2)).toBe('0.00');
    expect(grouped(-0.0001)).toBe('0');
    expect(grouped(-0)).toBe('0');
    expect(fixedGrouped(-0.005, 2)).toBe('-0.01');
    expect(fixedGrouped(-1234.5, 2)).toBe('-1,234.50');
    expect(grouped(-0.25)).toBe('-0.25');
  });
});
