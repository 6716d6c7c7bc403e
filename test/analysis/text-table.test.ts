// The analysis tables: shares in percent, and rows that end in a note spanning the columns left.
import { fitTable } from '../../src/analysis/fit-table.js';
import { formatTable, percent } from '../../src/analysis/text-table.js';

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

test('a row with fewer cells than columns ends in a note spanning the rest: it widens no column, and stays whole when split', () => {
  const columns = [{ header: 'machine' }, { header: 'rate' }, { header: 'ticks', group: 'a' }, { header: 'clock', group: 'a' }, { header: 'queue', group: 'b' }];
  const rows = [['1', '2', '120', '240', '3'], ['3', '4', 'not started']];
  expect(formatTable(columns, rows).split('\n')).toEqual(['machine  rate  ticks  clock  queue', '1        2     120    240    3', '3        4     not started']);
  expect(fitTable(columns, rows, 30).split('\n')).toEqual([
    'machine  rate  ticks  clock',
    '1        2     120    240',
    '3        4     not started',
    '',
    'machine  queue',
    '1        3',
    '3',
  ]);
});
