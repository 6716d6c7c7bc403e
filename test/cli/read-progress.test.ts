// The bar analyze and check show on a terminal while they read large logs: shown only after a second, lines written
// above it kept in order, nothing left behind when it stops, and nothing at all off a terminal.
import { afterEach, beforeEach, jest } from '@jest/globals';
import { countRead } from '../../src/analysis/read-meter.js';
import { PLAIN_LINE_MS, SHOW_AFTER_MS } from '../../src/cli/progress-bar.js';
import { startReadProgress } from '../../src/cli/read-progress.js';

function fakeStream(isTTY: boolean) {
  const stream = { isTTY, columns: 120, text: '', write: (chunk: string) => ((stream.text += chunk), true) };
  return stream;
}

/** The text with the terminal's escape codes taken out. */
const plain = (text: string) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

beforeEach(() => {
  jest.useFakeTimers({ now: 0 });
});
afterEach(() => {
  jest.useRealTimers();
});

test('on a terminal, a read that takes over a second shows the bytes read of the total, then leaves no line behind', () => {
  const out = fakeStream(true);
  const progress = startReadProgress('check: reading logs', 2_000_000, out as unknown as NodeJS.WriteStream);
  countRead(500_000);
  jest.advanceTimersByTime(SHOW_AFTER_MS - 1);
  expect(out.text).toBe('');
  jest.advanceTimersByTime(1);
  expect(plain(out.text)).toContain('check: reading logs 500.0 kB of 2.0 MB, 25%, ');
  // A quarter read in the first second: 3 s left, from the first draw (cli-progress's own estimate read 0s there).
  expect(plain(out.text)).toMatch(/500\.0 kB of 2\.0 MB, 25%, 3s left \|.*\|/);
  countRead(1_000_000);
  jest.advanceTimersByTime(1000);
  expect(plain(out.text)).toMatch(/check: reading logs 1\.5 MB of 2\.0 MB, 75%, 1s left \|/);
  progress.stop();
  // The bar's row is cleared (ESC[0J from the start of its row): the next output starts on a clean line.
  expect(out.text.endsWith('\x1b[0J')).toBe(true);
  const after = out.text.length;
  jest.advanceTimersByTime(5000);
  expect(out.text.length).toBe(after);
});

test('a line written while the bar shows comes at once, above the bar drawn again', () => {
  const out = fakeStream(true);
  const progress = startReadProgress('analyze: reading logs', 1000, out as unknown as NodeJS.WriteStream);
  jest.advanceTimersByTime(SHOW_AFTER_MS);
  const before = out.text.length;
  progress.write('analyze: logs/x/machine-2.jsonl:7: not valid JSON; line skipped\n');
  const text = plain(out.text.slice(before));
  expect(text.indexOf('line skipped\n')).toBeGreaterThanOrEqual(0);
  expect(text.indexOf('analyze: reading logs 0 bytes of 1.0 kB', text.indexOf('line skipped\n'))).toBeGreaterThan(0);
  progress.stop();
});

test('a read done within a second shows nothing; lines pass straight through', () => {
  const out = fakeStream(true);
  const progress = startReadProgress('check: reading logs', 1000, out as unknown as NodeJS.WriteStream);
  progress.write('check: a problem\n');
  progress.stop();
  jest.advanceTimersByTime(5000);
  expect(out.text).toBe('check: a problem\n');
});

test('off a terminal (a pipe, a file) there is no bar, however long the read', () => {
  const out = fakeStream(false);
  const progress = startReadProgress('check: reading logs', 1000, out as unknown as NodeJS.WriteStream);
  jest.advanceTimersByTime(60_000);
  progress.write('check: a problem\n');
  progress.stop();
  expect(out.text).toBe('check: a problem\n');
});

test('on a terminal that cannot redraw (TERM=dumb), a plain line every 5 s instead of the bar, none after it stops', () => {
  const term = process.env.TERM;
  process.env.TERM = 'dumb';
  try {
    const out = fakeStream(true);
    const progress = startReadProgress('check: reading logs', 2_000_000, out as unknown as NodeJS.WriteStream);
    countRead(500_000);
    jest.advanceTimersByTime(PLAIN_LINE_MS - 1);
    expect(out.text).toBe('');
    jest.advanceTimersByTime(1);
    progress.write('check: a problem\n');
    countRead(1_000_000);
    jest.advanceTimersByTime(PLAIN_LINE_MS);
    progress.stop();
    jest.advanceTimersByTime(PLAIN_LINE_MS);
    expect(out.text).toBe('check: reading logs 500.0 kB of 2.0 MB, 25%\ncheck: a problem\ncheck: reading logs 1.5 MB of 2.0 MB, 75%\n');
  } finally {
    process.env.TERM = term;
  }
});
