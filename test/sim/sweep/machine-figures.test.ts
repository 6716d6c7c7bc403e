// Per-machine figures of a sweep run: known answers on the hand-worked basic fixture, each point's mean/min/max, and machines.csv.
import { fromRoot } from '../../helpers/repo.js';
import { analyzeRun } from '../../../src/analysis/analyze.js';
import { machineFigures, type MachineFigures } from '../../../src/sweep/machine-figures.js';
import { pointMachineFigures } from '../../../src/sweep/machine-points.js';
import { MACHINES_CSV_COLUMNS, machinesCsvChunks, runsWithoutMachines } from '../../../src/sweep/machines-csv.js';
import { expandGrid } from '../../../src/sweep/grid.js';
import { parseSweepSpec } from '../../../src/sweep/spec.js';
import { runPoint, type RunRow } from '../../../src/sweep/run-point.js';
import { collectResults, resultsJsonChunks } from '../../../src/sweep/results.js';

describe('machineFigures', () => {
  test('on the basic fixture (worked out by hand in its README): each machine as analyze has it, in id order', async () => {
    const { metrics } = await analyzeRun(fromRoot('test', 'fixtures', 'analysis', 'basic'));
    const [m1, m2] = machineFigures(metrics);
    expect(m1).toEqual({ machine: 1, rate: 2, ticks: 8, maxQueue: 1, endQueue: 1, maxJump: 0, jumps: 0, maxDrift: 0, meanDrift: 0, finalClock: 8, crashed: false });
    expect(m2).toEqual({ machine: 2, rate: 1, ticks: 4, maxQueue: 1, endQueue: 0, maxJump: 2, jumps: 2, maxDrift: 2, meanDrift: 1, finalClock: 7, crashed: false });
    // Machines listed out of order come back in id order.
    expect(machineFigures({ ...metrics, machines: [...metrics.machines].reverse() }).map((m) => m.machine)).toEqual([1, 2]);
  });

  test("the run's figures are the largest (or the sum) of its machines' in every simulated run", () => {
    const grid = expandGrid(parseSweepSpec({ seeds: 3, grid: { rates: [[1, 3, 6]], internalProbability: [0.2, 0.8], durationSeconds: 20 } }));
    for (const point of grid.points) {
      for (const seed of grid.seeds) {
        const row = runPoint(point, seed, 0);
        const each = row.perMachine!;
        expect(each.map((m) => [m.machine, m.rate, m.ticks])).toEqual([[1, 1, 20], [2, 3, 60], [3, 6, 120]]);
        const largest = (f: (m: MachineFigures) => number) => Math.max(...each.map(f));
        expect(row.metrics).toMatchObject({
          maxQueue: largest((m) => m.maxQueue),
          endQueue: largest((m) => m.endQueue),
          maxJump: largest((m) => m.maxJump),
          maxDrift: largest((m) => m.maxDrift),
          meanDriftWorst: largest((m) => m.meanDrift),
          jumps: each.reduce((a, m) => a + m.jumps, 0),
          clockSpread: largest((m) => m.finalClock) - Math.min(...each.map((m) => m.finalClock)),
        });
      }
    }
  });

});

describe('pointMachineFigures', () => {
  const figures = (machine: number, over: Partial<MachineFigures> = {}): MachineFigures => ({
    machine, rate: 1, ticks: 10, maxQueue: 2, endQueue: 0, maxJump: 3, jumps: 4, maxDrift: 5, meanDrift: 1.5, finalClock: 20, crashed: false, ...over,
  });

  test('mean (four decimals), min and max of each figure, machine by machine; crashed counts as 1, so its mean is a share of runs', () => {
    const summary = pointMachineFigures([
      [figures(2, { maxJump: 1 }), figures(1, { maxJump: 4, meanDrift: 1, crashed: true })],
      [figures(1, { maxJump: 6, meanDrift: 2 })],
      [figures(1, { maxJump: 7, meanDrift: 2.33333 }), figures(2, { maxJump: 9 })],
    ]);
    expect(summary.map((m) => [m.machine, m.runs])).toEqual([[1, 3], [2, 2]]);
    expect(summary[0]!.mean).toMatchObject({ maxJump: 5.6667, meanDrift: 1.7778, crashed: 0.3333, rate: 1 });
    expect(summary[0]!.min).toMatchObject({ maxJump: 4, meanDrift: 1, crashed: 0 });
    expect(summary[0]!.max).toMatchObject({ maxJump: 7, meanDrift: 2.33333, crashed: 1 });
    expect(summary[1]).toMatchObject({ mean: { maxJump: 5 }, min: { maxJump: 1 }, max: { maxJump: 9 } });
  });

  test('runs without figures (an older version finished them) are left out; none at all gives an empty list', () => {
    expect(pointMachineFigures([undefined, [figures(1, { ticks: 8 })], undefined])).toEqual([
      expect.objectContaining({ machine: 1, runs: 1, mean: expect.objectContaining({ ticks: 8 }) }),
    ]);
    expect(pointMachineFigures([undefined, undefined])).toEqual([]);
  });

  test('a rate of null (a log without a start record) is left out of the rate figures alone', () => {
    const [m] = pointMachineFigures([[figures(1, { rate: null })], [figures(1, { rate: 4 })]]);
    expect([m!.mean.rate, m!.min.rate, m!.max.rate, m!.mean.ticks]).toEqual([4, 4, 4, 10]);
  });
});

describe('machines.csv and perMachine in results.json', () => {
  const spec = parseSweepSpec({ seeds: 2, grid: { machines: [2, 3], durationSeconds: 10 } });
  const grid = expandGrid(spec);
  const rows = (): RunRow[] => [3, 1, 0, 2].map((run) => runPoint(grid.points[Math.floor(run / 2)]!, grid.seeds[run % 2]!, run));

  test('a line per run per machine, in run order then machine id order, the figures of results.json', () => {
    const results = collectResults('t', spec, grid, rows(), false);
    const [header, ...lines] = [...machinesCsvChunks(results)].join('').trimEnd().split('\n');
    expect(header).toBe('run,point,seed,machine,rate,ticks,maxQueue,endQueue,maxJump,jumps,maxDrift,meanDrift,finalClock,crashed');
    expect(MACHINES_CSV_COLUMNS.join(',')).toBe(header);
    expect(lines.map((l) => l.split(',').slice(0, 4).join(','))).toEqual(['0,0,1,1', '0,0,1,2', '1,0,2,1', '1,0,2,2', '2,1,1,1', '2,1,1,2', '2,1,1,3', '3,1,2,1', '3,1,2,2', '3,1,2,3']);
    const json = JSON.parse([...resultsJsonChunks(results)].join(''));
    const fromJson = json.results.flatMap((r: { run: number; point: number; seed: number; perMachine: MachineFigures[] }) =>
      r.perMachine.map((m) => [r.run, r.point, r.seed, m.machine, m.rate, m.ticks, m.maxQueue, m.endQueue, m.maxJump, m.jumps, m.maxDrift, m.meanDrift, m.finalClock, m.crashed].join(',')),
    );
    expect(lines).toEqual(fromJson);
    // perMachine comes last in each row: the fields before it keep their places.
    expect(Object.keys(json.results[0]).at(-1)).toBe('perMachine');
    expect(Object.keys(json.points[0]).at(-1)).toBe('perMachine');
    expect(json.points.map((p: { perMachine: { machine: number; runs: number }[] }) => p.perMachine.map((m) => [m.machine, m.runs]))).toEqual([
      [[1, 2], [2, 2]],
      [[1, 2], [2, 2], [3, 2]],
    ]);
    expect(runsWithoutMachines(results)).toBe(0);
  });

  test('rows without per-machine figures (an older version finished them) have no perMachine and no lines', () => {
    const mixed = rows().map((r) => (r.run < 2 ? { ...r, perMachine: undefined } : r));
    const results = collectResults('t', spec, grid, mixed, false);
    expect(runsWithoutMachines(results)).toBe(2);
    expect([...machinesCsvChunks(results)].join('').trimEnd().split('\n').slice(1).map((l) => l.split(',')[0])).toEqual(['2', '2', '2', '3', '3', '3']);
    const json = JSON.parse([...resultsJsonChunks(results)].join(''));
    expect(json.results.map((r: object) => 'perMachine' in r)).toEqual([false, false, true, true]);
    expect(json.points[0].perMachine).toEqual([]);
  });
});
