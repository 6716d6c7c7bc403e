// The warning limiter on a fake clock: at most 5 a second, and the count of the rest reported when their second ends.
import { afterEach, beforeEach, jest } from '@jest/globals';
import { WarnLimiter } from '../../src/runtime/warn-limiter.js';

describe('WarnLimiter', () => {
  let emitted: string[];
  let limiter: WarnLimiter;
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    emitted = [];
    limiter = new WarnLimiter((reason, count) => emitted.push(count ? `(count) ${reason}` : reason), () => Date.now());
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  test('a burst of 6 logs 5, and "1 similar warning suppressed" as its second ends, not with the next warning', () => {
    for (let i = 1; i <= 6; i++) limiter.warn(`malformed clock frame ${i}`);
    expect(emitted).toEqual([1, 2, 3, 4, 5].map((i) => `malformed clock frame ${i}`));
    jest.advanceTimersByTime(999);
    expect(emitted).toHaveLength(5);
    jest.advanceTimersByTime(1);
    expect(emitted.at(-1)).toBe('(count) 1 similar warning suppressed');
    jest.advanceTimersByTime(60_000);
    expect(emitted).toHaveLength(6);
    expect(jest.getTimerCount()).toBe(0);
  });

  test('the next window starts afresh: 5 more pass, and nothing is counted twice', () => {
    for (let i = 0; i < 8; i++) limiter.warn('a');
    jest.advanceTimersByTime(1000);
    for (let i = 0; i < 5; i++) limiter.warn('b');
    jest.advanceTimersByTime(5000);
    expect(emitted).toEqual([...Array(5).fill('a'), '(count) 3 similar warnings suppressed', ...Array(5).fill('b')]);
  });

  test('close() reports what is suppressed at once, clears its timer, and later warnings are ignored', () => {
    for (let i = 0; i < 7; i++) limiter.warn('a');
    jest.advanceTimersByTime(300);
    limiter.close();
    expect(emitted.at(-1)).toBe('(count) 2 similar warnings suppressed');
    expect(jest.getTimerCount()).toBe(0);
    limiter.warn('after the stop record');
    jest.advanceTimersByTime(5000);
    expect(emitted).toHaveLength(6);
  });

  test('its timer does not keep the process alive', () => {
    jest.useRealTimers();
    const unref = jest.spyOn(Object.getPrototypeOf(setTimeout(() => {}, 0)) as { unref(): unknown }, 'unref');
    const real = new WarnLimiter(() => {}, () => performance.now());
    for (let i = 0; i < 6; i++) real.warn('a');
    expect(unref).toHaveBeenCalled();
    real.close();
    unref.mockRestore();
  });
});
