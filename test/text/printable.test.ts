// Text from logs and peers made safe for a terminal: controls, and the bidirectional ones that reorder a line, escaped.
import { printable } from '../../src/text/printable.js';
import { parseLine } from '../../src/net/frames.js';

describe('printable', () => {
  test('C0, DEL and C1 controls are escaped as JSON writes them; the newline and ordinary text stay', () => {
    expect(printable('a\u001b[31mb\tc\u007f\u009bd\ne')).toBe('a\\u001b[31mb\\tc\\u007f\\u009bd\ne');
    expect(printable('{"event":"send","clock":3} é 时')).toBe('{"event":"send","clock":3} é 时');
  });

  test('bidirectional controls are escaped: a right-to-left override cannot reverse how the rest of a line reads', () => {
    expect(printable('unknown event "conn\u202eect"')).toBe('unknown event "conn\\u202eect"');
    expect(printable('\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069')).toBe(
      '\\u061c\\u200e\\u200f\\u202a\\u202b\\u202c\\u202d\\u2066\\u2067\\u2068\\u2069',
    );
  });

  test("a peer's malformed frame is quoted with those escaped too, in the machine's warning", () => {
    expect(parseLine('hello:\u202e2')).toEqual({ kind: 'malformed', reason: 'malformed hello frame "hello:\\u202e2"' });
    expect(parseLine('clock:1\u009b2')).toEqual({ kind: 'malformed', reason: 'malformed clock frame "clock:1\\u009b2"' });
  });
});
