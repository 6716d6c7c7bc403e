// start-all's echo of machine warnings: the first of each kind from each machine process, the rest only in the logs.
import { afterEach, beforeEach, jest } from '@jest/globals';
import { SHOWN_PER_KIND, WarningEcho, warningKind } from '../../src/runner/warning-echo.js';

describe('WarningEcho', () => {
  test('warnings that differ only in numbers or quoted text are one kind; others are not', () => {
    expect(warningKind('malformed clock frame "clock:x" from 127.0.0.1:40001')).toBe(warningKind('malformed clock frame "clock:99" from 127.0.0.1:40002'));
    expect(warningKind('not connected to 2 after 500 ms: ticking anyway')).not.toBe(warningKind('no connection from 2 after 500 ms: ticking anyway'));
    expect(warningKind('queue full (10): message clock:5 dropped')).toBe('queue full (#): message clock:# dropped');
    // Id lists of any length are one kind: each machine of a large mesh misses its own set of peers.
    expect(warningKind('no connection from 1-16, 18-47, 49 after 3000 ms')).toBe(warningKind('no connection from 3 after 3000 ms'));
    expect(warningKind('no connection from 1, 3, 5, 7, 9, 11, 13, 15, ... (35 in all) after 3000 ms')).toBe(warningKind('no connection from 3 after 3000 ms'));
  });

  test('says the first warning of each kind per machine process, as `M<id> warning: ...`', () => {
    const said: string[] = [];
    const echo = new WarningEcho((line) => said.push(line));
    echo.warned(1, 1, 'malformed clock frame "clock:x" from 127.0.0.1:40001');
    echo.warned(1, 1, 'malformed clock frame "clock:y" from 127.0.0.1:40002');
    echo.warned(1, 1, 'not connected to 2 after 500 ms: ticking anyway, sends to them are dropped');
    echo.warned(3, 1, 'malformed clock frame "clock:x" from 127.0.0.1:40001');
    echo.warned(1, 2, 'malformed clock frame "clock:z" from 127.0.0.1:40003'); // a restarted process starts afresh
    expect(said).toEqual([
      'M1 warning: malformed clock frame "clock:x" from 127.0.0.1:40001',
      'M1 warning: not connected to 2 after 500 ms: ticking anyway, sends to them are dropped',
      'M3 warning: malformed clock frame "clock:x" from 127.0.0.1:40001',
      'M1 warning: malformed clock frame "clock:z" from 127.0.0.1:40003',
    ]);
  });

  describe('many machines warning alike', () => {
    beforeEach(() => {
      jest.useFakeTimers({ now: 0 });
    });
    afterEach(() => {
      jest.useRealTimers();
    });

    const noConnection = (id: number) => `no connection from ${id === 1 ? '2-500' : `1-${id - 1}, ${id + 1}-500`} after 3000 ms: ticking anyway`;

    test(`the first ${SHOWN_PER_KIND} of a kind are said each, the rest in one line 3 s after the last of them`, () => {
      const said: string[] = [];
      const echo = new WarningEcho((line) => said.push(line));
      for (let id = 1; id <= 131; id++) echo.warned(id, 1, noConnection(id));
      echo.warned(7, 1, 'malformed clock frame "clock:x" from 127.0.0.1:40001'); // another kind is said at once
      expect(said).toHaveLength(SHOWN_PER_KIND + 1);
      expect(said[0]).toBe(`M1 warning: ${noConnection(1)}`);
      expect(said.at(-1)).toBe('M7 warning: malformed clock frame "clock:x" from 127.0.0.1:40001');
      jest.advanceTimersByTime(2999);
      expect(said).toHaveLength(SHOWN_PER_KIND + 1);
      jest.advanceTimersByTime(1);
      expect(said.slice(SHOWN_PER_KIND + 1)).toEqual([`the same warning from machines 6-131 (each in its log, such as M6's: ${noConnection(6)})`]);
    });

    test('flush() says the counted ones at once (the run ending), and nothing twice', () => {
      const said: string[] = [];
      const echo = new WarningEcho((line) => said.push(line));
      for (let id = 1; id <= SHOWN_PER_KIND + 1; id++) echo.warned(id, 1, noConnection(id));
      echo.flush();
      expect(said.at(-1)).toBe(`the same warning from machine ${SHOWN_PER_KIND + 1} (each in its log: ${noConnection(SHOWN_PER_KIND + 1)})`);
      jest.advanceTimersByTime(5000);
      echo.flush();
      expect(said).toHaveLength(SHOWN_PER_KIND + 1);
    });
  });
});
