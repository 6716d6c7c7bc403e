// start-all's echo of machine warnings: the first of each kind from each machine process, the rest only in the logs.
import { WarningEcho, warningKind } from '../../src/runner/warning-echo.js';

describe('WarningEcho', () => {
  test('warnings that differ only in numbers or quoted text are one kind; others are not', () => {
    expect(warningKind('malformed clock frame "clock:x" from 127.0.0.1:40001')).toBe(warningKind('malformed clock frame "clock:99" from 127.0.0.1:40002'));
    expect(warningKind('not connected to 2 after 500 ms: ticking anyway')).not.toBe(warningKind('no connection from 2 after 500 ms: ticking anyway'));
    expect(warningKind('queue full (10): message clock:5 dropped')).toBe('queue full (#): message clock:# dropped');
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
});
