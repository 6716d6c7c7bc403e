// start-all's line for a machine that ran well short of its rate: the host could not keep it.
import { shortOfRate, type MachineSummary } from '../../src/runner/summary.js';

const summary = (over: Partial<MachineSummary>): MachineSummary => ({
  id: 1, rate: 100, ticks: 300, clock: 300, maxQueue: 0, endQueue: 0, maxLagMs: 1, incarnations: 1, stopped: true, tickingMs: 3000, refused: 0, ...over,
});

describe('shortOfRate', () => {
  test('names a machine that ran more than 1% and 2 ticks short of rate x ticking time, with its share', () => {
    expect(shortOfRate([summary({ rate: 100000, ticks: 155825, tickingMs: 3000 })])).toEqual([
      'machine 1 ran 155,825 ticks in 3.0 s at 100,000/s: 51% of the 300,000 due; this host could not keep that rate',
    ]);
  });

  test('a machine whose stop record says a tick ran a second or more late may have been paused: said so', () => {
    expect(shortOfRate([summary({ rate: 50000, ticks: 1_358_893, tickingMs: 90_000, maxLagMs: 69_012.4 })])).toEqual([
      'machine 1 ran 1,358,893 ticks in 90.0 s at 50,000/s: 30% of the 4,500,000 due; it was paused, or this host could not keep that rate (a tick ran 69,012.4 ms late)',
    ]);
  });

  test('says nothing of a machine within 1% or 2 ticks of its due ticks', () => {
    expect(shortOfRate([summary({ ticks: 298 }), summary({ id: 2, rate: 1000, ticks: 29_701, tickingMs: 30_000 })])).toEqual([]);
  });

  test('counts whole ticks due, as check does: 44 ticks of 46.97 due (floor 46) is within 2 there, and so here', () => {
    expect(shortOfRate([summary({ rate: 3, ticks: 44, tickingMs: 15_657 })])).toEqual([]);
    expect(shortOfRate([summary({ rate: 3, ticks: 43, tickingMs: 15_657 })])).toEqual(['machine 1 ran 43 ticks in 15.7 s at 3/s: 93% of the 46 due; this host could not keep that rate']);
  });

  test('says nothing of a machine restarted, crashed, never started, or without tickingMs (older logs)', () => {
    expect(
      shortOfRate([
        summary({ ticks: 10, incarnations: 2 }),
        summary({ ticks: 10, stopped: false }),
        summary({ ticks: 0, incarnations: 0, rate: null }),
        summary({ ticks: 10, tickingMs: undefined }),
      ]),
    ).toEqual([]);
  });
});
