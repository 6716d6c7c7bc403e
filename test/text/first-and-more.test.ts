// A long list cut for one line: the first few items and how many more, never "and 1 more".
import { firstAndMore } from '../../src/text/first-and-more.js';

describe('firstAndMore', () => {
  test.each([
    [[], ''],
    [['a'], 'a'],
    [['a', 'b', 'c'], 'a, b, c'],
    [['a', 'b', 'c', 'd'], 'a, b, c, d'],
    [['a', 'b', 'c', 'd', 'e'], 'a, b, c and 2 more'],
  ])('%j with 3 shown reads %j', (items, text) => {
    expect(firstAndMore(items, 3)).toBe(text);
  });

  test.each([
    [[4], '4'],
    [[0, 3], '0 and 3'],
    [[0, 3, 5], '0, 3 and 5'],
    [[0, 1, 2, 3, 4, 5, 6], '0, 1, 2 and 4 more'],
  ])('%j with `and` reads %j', (items, text) => {
    expect(firstAndMore(items, 3, { and: true })).toBe(text);
  });

  test('items holding commas take another separator, which the count follows too', () => {
    expect(firstAndMore(['a, 1', 'b', 'c', 'd', 'e'], 3, { separator: '; ' })).toBe('a, 1; b; c; and 2 more');
    expect(firstAndMore(['a, 1', 'b'], 3, { separator: '; ' })).toBe('a, 1; b');
  });
});
