// Machine ids on one line: ranges for consecutive ids, a long list cut after a few pieces with the count.
import { idList, MAX_ID_PIECES } from '../../src/text/id-list.js';

describe('idList', () => {
  test.each([
    [[], ''],
    [[2], '2'],
    [[1, 2], '1, 2'],
    [[3, 1, 2], '1-3'],
    [[1, 2, 3, 5, 7, 8, 9, 12], '1-3, 5, 7-9, 12'],
    [[2, 2, 1], '1, 2'],
    [Array.from({ length: 1000 }, (_, i) => i + 1), '1-1000'],
  ])('%j -> %s', (ids, text) => {
    expect(idList(ids)).toBe(text);
  });

  test('a long list: the first pieces, then how many ids there are', () => {
    const odd = Array.from({ length: 500 }, (_, i) => 2 * i + 1);
    expect(idList(odd)).toBe('1, 3, 5, 7, 9, 11, 13, 15, ... (500 in all)');
    expect(idList(odd.slice(0, MAX_ID_PIECES))).toBe('1, 3, 5, 7, 9, 11, 13, 15');
  });
});
