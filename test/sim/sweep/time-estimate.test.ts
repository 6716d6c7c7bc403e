// A sweep's time estimate: its ticks counted per point, a timed sample for the speed, the threads that share the runs.
import { expandGrid } from '../../../src/sweep/grid.js';
import { parseSweepSpec } from '../../../src/sweep/spec.js';
import { bigCount, durationText, estimateSweepTime, longSweepNote } from '../../../src/sweep/time-estimate.js';

const grid = (spec: object) => expandGrid(parseSweepSpec(spec));

/** A clock that moves `stepMs` at every read: the timed sample then takes exactly one step. */
const steppingClock = (stepMs: number) => {
  let t = 0;
  return () => (t += stepMs);
};

describe('sweep time estimate', () => {
  test('a sweep of minutes is not timed at all', () => {
    expect(estimateSweepTime(grid({ seeds: 10, grid: { rates: [[1, 3, 6]], durationSeconds: 60 } }), 2, 2)).toBeUndefined();
  });

  test('ticks of every run, shared by the threads: the fewest of --workers, the CPUs and the runs', () => {
    // 2 points x 4 seeds; rates 100 + 200 = 300 ticks/s for 1e6 s: 3e8 ticks a run, 2.4e9 in all.
    const g = grid({ seeds: 4, grid: { rates: [[100, 200]], durationSeconds: [1e6, 1e6 + 1] } });
    const e = estimateSweepTime(g, 8, 2, g.runCount, steppingClock(100))!;
    expect(e.ticks).toBeCloseTo(300 * (1e6 + 1e6 + 1) * 4, -3);
    expect(e.threads).toBe(2);
    // The sample: 300,000 ticks in one 100 ms step.
    expect(e.ticksPerSecond).toBeCloseTo(3_000_000, -4);
    expect(e.seconds).toBeCloseTo(e.ticks / (e.ticksPerSecond * 2), 3);
    // Half the runs left (a resumed sweep): half the ticks.
    expect(estimateSweepTime(g, 8, 2, g.runCount / 2, steppingClock(100))!.ticks).toBeCloseTo(e.ticks / 2, -3);
  });

  test('many short runs: the sample runs them in turn up to its ticks, so that what each run costs besides its ticks is timed too', () => {
    // 360 ticks a run (1 + 2 + 3 ticks/s for 60 s), 2 million seeds: 7.2e8 ticks, worth timing. One run alone as the
    // sample timed cold code and start-up, and read 7 to 50 times too slow.
    const g = grid({ seeds: 2_000_000, grid: { rates: [[1, 2, 3]], durationSeconds: 60 } });
    const e = estimateSweepTime(g, 1, 2, g.runCount, steppingClock(100))!;
    // At least 300,000 ticks (833 runs) in the one 100 ms step.
    expect(e.ticksPerSecond).toBeGreaterThanOrEqual(3_000_000);
    expect(e.ticksPerSecond).toBeLessThan(3_010_000);
  });

  test("one long run is one thread's, however many there are", () => {
    const g = grid({ seeds: 1, grid: { rates: [[1000, 2000]], durationSeconds: 1e8 } });
    const e = estimateSweepTime(g, 2, 2, g.runCount, steppingClock(100))!;
    expect(e.threads).toBe(1);
    expect(e.seconds).toBeCloseTo(3e11 / e.ticksPerSecond, 0);
  });

  test('the note: said only past ten minutes, in words a person reads', () => {
    expect(longSweepNote(undefined)).toBeUndefined();
    expect(longSweepNote({ ticks: 1e9, ticksPerSecond: 2e6, threads: 2, seconds: 250 })).toBeUndefined();
    expect(longSweepNote({ ticks: 3e11, ticksPerSecond: 2.5e6, threads: 1, seconds: 120_000 })).toBe(
      'this sweep simulates about 300 billion ticks (rate x duration, every machine of every run); at the 2.5 million a second one worker thread simulated just now, ' +
        'that is about 33 hours on 1 thread. Ctrl+C stops it and keeps the runs that finished (--resume goes on); a shorter durationSeconds or fewer seeds makes it shorter',
    );
    // A slow host: the speed in thousands, not `0.0 million`.
    expect(longSweepNote({ ticks: 3e11, ticksPerSecond: 42_400, threads: 2, seconds: 3.5e6 })).toContain('at the 42 thousand a second one worker thread simulated just now, that is about 41 days on 2 threads');
    expect([bigCount(2.4e9), bigCount(1.25e12), bigCount(5e6)]).toEqual(['2.4 billion', '1.3 trillion', '5 million']);
    expect([durationText(900), durationText(5400), durationText(3 * 86_400), durationText(4100 * 365 * 86_400)]).toEqual(['15 min', '1.5 hours', '3 days', '4,100 years']);
  });
});
