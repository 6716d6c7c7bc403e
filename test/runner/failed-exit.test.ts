// Which machine exits start-all counts as failures: a machine the run's stop ended while it was starting, or after its
// stop record, is not one.
import { describeResult, type StartAllResult } from '../../src/runner/start-all.js';
import { failed, failedEarlyExits, failedEarlyReason, killedByTerminal, stoppedWhileStarting } from '../../src/runner/machine-exits.js';
import type { RunInfo } from '../../src/log/run-info.js';
import type { MachineExit } from '../../src/runner/machine-process.js';

const exit = (over: Partial<MachineExit>): MachineExit => ({ id: 1, exitCode: 0, signal: null, stderrTail: '', early: false, killedByFault: false, listened: true, ...over });

describe('failed', () => {
  test.each([
    ['a clean stop', exit({}), false, false],
    ['a kill the fault schedule asked for', exit({ exitCode: null, signal: 'SIGKILL', killedByFault: true }), false, false],
    ['SIGTERM from start-all before it listened', exit({ exitCode: null, signal: 'SIGTERM', listened: false }), false, false],
    // The terminal's Ctrl+C reaches the machine too, possibly before start-all has asked it to stop.
    ['the terminal\'s SIGINT before it listened, on Ctrl+C', exit({ exitCode: null, signal: 'SIGINT', listened: false, early: true }), true, false],
    ['SIGINT from outside before it listened, with no Ctrl+C', exit({ exitCode: null, signal: 'SIGINT', listened: false, early: true }), false, true],
    ['SIGTERM after it listened', exit({ exitCode: null, signal: 'SIGTERM', early: true }), true, true],
    ['a crash while starting', exit({ exitCode: 1, listened: false, early: true }), true, true],
    ['a bad option', exit({ exitCode: 2, early: true }), false, true],
    // Stopped by the terminal's SIGINT, its log complete, then reached by start-all's SIGTERM while it exited.
    ['SIGTERM as it exited after its stop record, on Ctrl+C', exit({ exitCode: null, signal: 'SIGTERM', logStopped: true }), true, false],
    ['SIGTERM after its stop record, at the end of the run', exit({ exitCode: null, signal: 'SIGTERM', logStopped: true }), false, false],
    ['SIGTERM without a stop record in its log', exit({ exitCode: null, signal: 'SIGTERM', logStopped: false }), true, true],
    ['SIGTERM from outside after its stop record, with no stop asked', exit({ exitCode: null, signal: 'SIGTERM', logStopped: true, early: true }), false, true],
  ])('%s', (_, e, interrupted, expected) => {
    expect(failed(e, interrupted)).toBe(expected);
  });

  test('says "stopped while starting" only for a stop signal before the machine listened', () => {
    expect(stoppedWhileStarting(exit({ exitCode: null, signal: 'SIGTERM', listened: false }), false)).toBe(true);
    expect(stoppedWhileStarting(exit({ exitCode: null, signal: 'SIGKILL', listened: false }), true)).toBe(false);
  });
});

describe('failedEarlyReason', () => {
  const full = (id: number) => exit({ id, exitCode: 1, early: true, logFailure: { file: `/r/machine-${id}.jsonl`, reason: 'no space left on the disk', noRoom: true } });
  test('names the full disk when it stopped every machine that failed', () => {
    expect(failedEarlyReason([full(1)])).toBe('machine 1 could not write its log: no space left on the disk');
    expect(failedEarlyReason([full(1), full(2), full(3)])).toBe('machines 1-3 could not write their logs: no space left on the disk');
  });

  test('a full disk that stopped the run names the machines it failed as they stopped too; another failure does not', () => {
    // Machine 3 failed first and stopped the run; 1 and 2 failed writing their last records as they stopped.
    const late = (id: number) => ({ ...full(id), early: false });
    expect(failedEarlyReason(failedEarlyExits([late(1), late(2), full(3)]))).toBe('machines 1-3 could not write their logs: no space left on the disk');
    // A crash stopped the run: a machine the disk failed later is not what stopped it.
    expect(failedEarlyExits([exit({ id: 1, exitCode: 1, early: true }), late(2)]).map((e) => e.id)).toEqual([1]);
    // A clean stop is no failure, full disk or not.
    expect(failedEarlyExits([full(3), exit({ id: 1 })]).map((e) => e.id)).toEqual([3]);
  });

  test('says only "failed" when any of them failed otherwise', () => {
    expect(failedEarlyReason([full(1), exit({ id: 2, exitCode: 1, early: true })])).toBe('machines 1, 2 failed');
    const denied = exit({ id: 3, exitCode: 1, early: true, logFailure: { file: '/r/machine-3.jsonl', reason: 'permission denied', noRoom: false } });
    expect(failedEarlyReason([denied])).toBe('machine 3 failed');
  });
});

describe('killedByTerminal', () => {
  // start-all takes such an exit as the user's Ctrl+C: its own SIGINT was lost in about 1 of 20 Ctrl+Cs at a release.
  test('is a SIGINT or SIGHUP before the machine listened: a signal start-all never sends, and a started machine handles', () => {
    expect(killedByTerminal(exit({ exitCode: null, signal: 'SIGINT', listened: false, early: true }))).toBe(true);
    expect(killedByTerminal(exit({ exitCode: null, signal: 'SIGHUP', listened: false, early: true }))).toBe(true);
    expect(killedByTerminal(exit({ exitCode: null, signal: 'SIGINT', early: true }))).toBe(false);
    expect(killedByTerminal(exit({ exitCode: null, signal: 'SIGTERM', listened: false, early: true }))).toBe(false);
    expect(killedByTerminal(exit({ exitCode: 1, listened: false, early: true }))).toBe(false);
  });
});

describe('describeResult', () => {
  test('a machine stopped while starting, before it logged anything, is said so in its row of the table, not again below', () => {
    const summary = (id: number, incarnations: number) => ({ id, rate: 2, ticks: 0, clock: 0, maxQueue: 0, endQueue: 0, maxLagMs: 0, incarnations, stopped: true, refused: 0 });
    const starting = exit({ id: 2, exitCode: null, signal: 'SIGINT', listened: false, early: true });
    const result: StartAllResult = { exits: [exit({}), starting], summaries: [summary(1, 1), summary(2, 0), summary(3, 0)], info: {} as RunInfo, interrupted: true };
    const lines = describeResult(result, '/runs/x').split('\n');
    expect(lines.filter((l) => /^ +[23] /.test(l))).toEqual(['      2     2  stopped while starting', '      3     2  not started']);
    expect(lines.join('\n')).not.toContain('was stopped while starting');
  });

  test('a machine whose log had no room left is said so once, whatever signal then ended it, with the remedy', () => {
    const failure = { file: '/runs/x/machine-2.jsonl', reason: 'no space left on the disk', noRoom: true };
    const full = exit({ id: 2, exitCode: null, signal: 'SIGTERM', logStopped: false, stderrTail: 'machine: error: ...', logFailure: failure });
    const result: StartAllResult = { exits: [exit({}), full], summaries: [], info: {} as RunInfo, interrupted: false };
    expect(describeResult(result, '/runs/x').split('\n').slice(1)).toEqual([
      'machine 2 could not write its log /runs/x/machine-2.jsonl: no space left on the disk',
      'no room left for the logs in /runs/x: free space on that disk, or give start-all --log-dir on another one',
      'logs: /runs/x',
    ]);
  });

  test('a machine that could not write even its start record reads `log not written` in its row, not `not started`', () => {
    const summary = (id: number, incarnations: number) => ({ id, rate: 5, ticks: incarnations ? 20 : 0, clock: 20, maxQueue: 1, endQueue: 0, maxLagMs: 1, incarnations, stopped: incarnations > 0, refused: 0 });
    const failure = { file: '/runs/x/machine-2.jsonl', reason: 'no space left on the disk', noRoom: true };
    const full = exit({ id: 2, exitCode: 1, early: true, logFailure: failure });
    const result: StartAllResult = { exits: [exit({}), full, exit({ id: 3 })], summaries: [summary(1, 1), summary(2, 0), summary(3, 0)], info: {} as RunInfo, interrupted: false };
    const rows = describeResult(result, '/runs/x').split('\n').filter((l) => /^ +[23] /.test(l));
    expect(rows).toEqual(['      2     5  log not written', '      3     5  not started']);
  });

  test('a machine start-all had to kill after the grace period is named as such, with how long it waited', () => {
    const killed = exit({ id: 2, exitCode: null, signal: 'SIGKILL', forceKilledAfterMs: 11000, logStopped: false });
    const result: StartAllResult = { exits: [exit({}), killed], summaries: [], info: {} as RunInfo, interrupted: false };
    expect(describeResult(result, '/runs/x').split('\n')).toContain('machine 2 was killed (SIGKILL) by start-all: still running 11 s after its stop signal');
  });
});
