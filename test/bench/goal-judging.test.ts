// The bench goals are judged on the median to 9 decimals, not on the figure rounded for reading: a p99 of 9.9996 ms
// is under 10 ms although it reads 10, and a framing ratio of 0.4996 is under 50% although it reads 50%.
import { readFileSync } from 'node:fs';
import { judgeGoals } from '../../src/bench/goals.js';
import { judgeOtherGoals } from '../../src/bench/other-goals.js';
import { figure, type Figure } from '../../src/bench/figure.js';
import type { BenchResults } from '../../src/bench/results.js';
import type { ScaleRow } from '../../src/bench/mesh-scale.js';

const published = (): BenchResults => JSON.parse(readFileSync(new URL('../../bench/results.json', import.meta.url), 'utf8')) as BenchResults;

const goal = (r: BenchResults, starts: string) => judgeGoals(r).find((g) => g.goal.startsWith(starts))!;

const mesh50 = (r: BenchResults): ScaleRow => {
  if ('notMeasured' in r.scale) throw new Error('the published results measured the meshes');
  return r.scale.rows.find((row) => 'machines' in row && row.machines === 50) as ScaleRow;
};

describe('bench goals', () => {
  test('results written before medianExact are judged on their median (c5b2c82\'s published figures)', () => {
    const r = published();
    const withoutExact = ({ median, min, max, runs }: Figure): Figure => ({ median, min, max, runs });
    mesh50(r).lagP99Ms = withoutExact(figure([12.85, 6.2, 13.55]));
    if ('notMeasured' in r.framing) throw new Error('the published results measured framing');
    r.framing.ratio = withoutExact(figure([0.687, 0.481, 0.845], 3));
    expect(mesh50(r).lagP99Ms).not.toHaveProperty('medianExact');
    expect(goal(r, '50 machines at 100 per second')).toEqual({ goal: expect.any(String), measured: '12.85 ms (runs 6.2 to 13.55)', met: false });
    expect(goal(r, 'Framing')).toMatchObject({ measured: '68.7% (runs 48.1% to 84.5%)', met: true });
  });

  test('a p99 just under the limit is met and says its digits; one just over is missed', () => {
    const r = published();
    mesh50(r).lagP99Ms = figure([9.9996, 9.9996, 6.2]);
    expect(mesh50(r).lagP99Ms.median).toBe(10);
    expect(goal(r, '50 machines at 100 per second')).toMatchObject({ measured: '9.9996 ms (runs 6.2 to 10)', met: true });
    mesh50(r).lagP99Ms = figure([10.0004]);
    expect(goal(r, '50 machines at 100 per second')).toMatchObject({ measured: '10.0004 ms', met: false });
    mesh50(r).lagP99Ms = figure([10, 10, 9]);
    expect(goal(r, '50 machines at 100 per second')).toMatchObject({ measured: '10 ms, at the limit (runs 9 to 10)', met: false });
  });

  test('a p99 with float noise ((0.1 + 0.2) x 100 / 3 is 10.000000000000002) is judged as the 10 it is', () => {
    const r = published();
    const noisy = ((0.1 + 0.2) * 100) / 3;
    expect(noisy).not.toBe(10);
    mesh50(r).lagP99Ms = figure([noisy]);
    expect(goal(r, '50 machines at 100 per second')).toMatchObject({ measured: '10 ms, at the limit', met: false });
  });

  test('a framing ratio just under 50% is missed and reads as under 50%', () => {
    const r = published();
    if ('notMeasured' in r.framing) throw new Error('the published results measured framing');
    r.framing.ratio = figure([0.49996], 3);
    expect(r.framing.ratio.median).toBe(0.5);
    expect(goal(r, 'Framing')).toMatchObject({ measured: '49.996%', met: false });
    r.framing.ratio = figure([0.49996, 0.6, 0.4]);
    expect(goal(r, 'Framing')).toMatchObject({ measured: '49.996% (runs 40% to 60%)', met: false });
  });
});

describe("the simulator's and the analysis's own goals", () => {
  test('are judged on their benchmarks\' figures: met, missed, and not measured when a section was skipped', () => {
    const r = published();
    if ('notMeasured' in r.simulator || 'notMeasured' in r.analysis) throw new Error('the published results measured both');
    // Each figure at its limit, whatever the published run measured: a goal of at least N is met at N, one of under N
    // just under it.
    type Figures = {
      noLogFiles: { eventsPerSecond: number };
      bothLogFiles: { eventsPerSecond: number };
      sixtySecondRun: { noLogs: { medianMs: number } };
      sweep: { wallSeconds: number };
    };
    const sim = r.simulator.result as Figures;
    const analyze = (r.analysis.result as { tasks: { analyze: { recordsPerSecond: number; peakRssMb: number } } }).tasks.analyze;
    sim.noLogFiles.eventsPerSecond = 2_000_000;
    sim.bothLogFiles.eventsPerSecond = 300_000;
    sim.sixtySecondRun.noLogs.medianMs = 9.99;
    sim.sweep.wallSeconds = 59.9;
    analyze.recordsPerSecond = 200_000;
    analyze.peakRssMb = 1023;
    expect(judgeOtherGoals(r).map((g) => [g.goal, g.met])).toEqual([
      ['Simulator: at least 2,000,000 events per second (3 machines, no log files)', true],
      ['Simulator: at least 300,000 events per second with both log files written', true],
      ['Simulator: a 60 s run of 3 machines in under 10 ms (median, no log files)', true],
      ['Sweep: 10,000 runs of 60 s on 2 workers in under 60 s, end to end', true],
      ['Analysis: analyze takes at least 200,000 records a second of work (a million in under 5 s; measured on 1,000,026)', true],
      ['Analysis: analyze peaks under 1 GB of resident memory', true],
    ]);
    sim.bothLogFiles.eventsPerSecond = 299_999;
    sim.sweep.wallSeconds = 60;
    const judged = judgeOtherGoals(r);
    expect(judged[1]).toEqual({ goal: expect.stringContaining('300,000'), measured: '299,999 per second', met: false });
    expect(judged[3]).toEqual({ goal: expect.stringContaining('in under 60 s'), measured: '60 s', met: false });
    // --only scale: neither benchmark ran.
    const skipped = judgeOtherGoals({ simulator: { notMeasured: 'skipped (--only scale)' }, analysis: { notMeasured: 'skipped (--only scale)' } });
    expect(skipped.map((g) => [g.measured, g.met])).toEqual(Array.from({ length: 6 }, () => ['not measured', null]));
    expect(skipped[3]!.goal).toBe('Sweep: its runs of 60 s on 2 workers in under 60 s, end to end');
  });
});
