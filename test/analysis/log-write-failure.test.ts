// A machine of a start-all run that stopped because it could not write its log: named so by analyze and check.
import { logWriteFailure, logWriteFailureText } from '../../src/analysis/log-write-failure.js';
import type { RunInfo } from '../../src/log/run-info.js';

const full = (id: number, why = 'no space left on the disk') => ({ exitCode: 1, signal: null, stderrTail: `machine: error: machine ${id} cannot write its log /runs/a b/machine-${id}.jsonl: ${why}` });
const info = (machines: RunInfo['machines']) => ({ machines }) as RunInfo;

test('reads the reason from the machine\'s own line in run.json\'s stderrTail; nothing for another failure or no run.json', () => {
  const run = info({ '1': full(1), '2': { exitCode: 1, signal: null, stderrTail: 'machine: error: something else' }, '3': { exitCode: 0, signal: null } });
  expect(logWriteFailure(run, 1)).toBe('no space left on the disk');
  expect([logWriteFailure(run, 2), logWriteFailure(run, 3), logWriteFailure(null, 1)]).toEqual([undefined, undefined, undefined]);
});

test('the crashed line says it when every machine named crashed for one such reason', () => {
  expect(logWriteFailureText(info({ '1': full(1), '2': full(2) }), [1, 2])).toBe('; their logs could not be written: no space left on the disk');
  expect(logWriteFailureText(info({ '1': full(1) }), [1])).toBe('; its log could not be written: no space left on the disk');
  expect(logWriteFailureText(info({ '1': full(1), '2': full(2, 'file too large (over the limit on file size, ulimit -f)') }), [1, 2])).toBe('');
  expect(logWriteFailureText(info({ '1': full(1) }), [1, 2])).toBe('');
});
