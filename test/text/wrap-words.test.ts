// Wrapping a line of words to the terminal, continued under where its text began.
import { wrapWords } from '../../src/text/wrap-words.js';

test('a line that fits, or no width: as it is', () => {
  expect(wrapWords('  ok    readable  ', 'every machine log is present', 80)).toEqual(['  ok    readable  every machine log is present']);
  expect(wrapWords('  ok  ', 'x '.repeat(100).trim(), null)).toEqual([`  ok  ${'x '.repeat(100).trim()}`]);
});

test('a longer one: broken between words, each line under width - 1, continued under the text', () => {
  const lines = wrapWords('  ok    tick-rate  ', 'run: tick counts match the rates within 1% (at least 2 ticks of slack)', 50);
  expect(lines).toEqual(['  ok    tick-rate  run: tick counts match the', '                   rates within 1% (at least 2', '                   ticks of slack)']);
  for (const line of lines) expect(line.length).toBeLessThanOrEqual(49);
});

test('too narrow to leave 20 columns after the head: as it is, for the terminal to wrap', () => {
  expect(wrapWords('  ok    tick-rate  ', 'run: tick counts match the rates', 30)).toEqual(['  ok    tick-rate  run: tick counts match the rates']);
});
