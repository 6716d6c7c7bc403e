// The restarted row's words on catch-up jumps (a jump at the first receive after a restart, or none when nothing came)
// and on a restart that sat idle (its first tick late, or never).
import { catchUpText, restartWaitText } from '../../src/analysis/summary-rows.js';
import type { CatchUpJump } from '../../src/analysis/metrics.js';

const jump = (incarnation: number, value: number | null, firstTickTime: number | null = 1): CatchUpJump => ({ incarnation, restartTime: 0, time: value === null ? null : 1, jump: value, firstTickTime });

describe('catch-up jumps of a restarted machine', () => {
  test('one restart, with a receive after it: the jump, kept out of its jumps', () => {
    expect(catchUpText({ catchUpJumps: [jump(2, 182)] })).toBe('; catch-up jump 182 at its first receive after the restart, not in its jumps');
  });

  test('one restart and no receive after it: said plainly, not as a jump of "none" at a receive', () => {
    expect(catchUpText({ catchUpJumps: [jump(2, null)] })).toBe('; no receive after the restart, so no catch-up jump');
  });

  test('several restarts: each one listed, the one without a receive said so', () => {
    expect(catchUpText({ catchUpJumps: [jump(2, 182), jump(3, null)] })).toBe(
      '; catch-up jumps at its first receive after each restart: 182, none (no receive after that restart), not in its jumps',
    );
  });

  test('no restart: nothing', () => {
    expect(catchUpText({ catchUpJumps: [] })).toBe('');
  });
});

describe('a restarted machine that waited before ticking', () => {
  test('a restart that ticked within a second: nothing said', () => {
    expect(restartWaitText({ rate: 10, catchUpJumps: [jump(2, 5, 999)] })).toBe('');
  });

  test('a slow machine whose first tick came one period after its restart, as due: nothing said (it did not wait)', () => {
    expect(restartWaitText({ rate: 1, catchUpJumps: [jump(2, 5, 1000)] })).toBe('');
    expect(restartWaitText({ rate: 0.5, catchUpJumps: [jump(2, 5, 2900)] })).toBe('');
    expect(restartWaitText({ rate: 1, catchUpJumps: [jump(2, 5, 2000)] })).toBe(
      '; incarnation 2 first ticked 2.0 s after its restart: a restarted machine ticks once its peers are connected again',
    );
  });

  test('a first tick seconds after the restart, and one that never came: each said, with why', () => {
    expect(restartWaitText({ rate: 6, catchUpJumps: [jump(2, 5, 3140), jump(3, null, null)] })).toBe(
      '; incarnation 2 first ticked 3.1 s after its restart, incarnation 3 never ticked: a restarted machine ticks once its peers are connected again',
    );
  });
});
