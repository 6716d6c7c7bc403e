// valueText names a value read from a file in a message: strings marked as strings, long values cut to one short line.
import { valueText } from '../../src/text/value-text.js';

describe('valueText', () => {
  test.each([
    ['42', 'the string "42"'],
    [42, '42'],
    [Infinity, 'Infinity'],
    [true, 'true'],
    [null, 'null'],
    [{ a: 1 }, '{"a":1}'],
    [[1, 2], '[1,2]'],
  ])('%j reads %s', (value, text) => expect(valueText(value)).toBe(text));

  test('a long value is cut after 60 characters, with its length', () => {
    const list = Array.from({ length: 1000 }, (_, i) => i);
    const text = JSON.stringify(list);
    expect(valueText(list)).toBe(`${text.slice(0, 60)}... (${text.length.toLocaleString('en-US')} characters)`);
    expect(valueText('x'.repeat(100))).toBe(`the string "${'x'.repeat(59)}... (102 characters)`);
  });
});
