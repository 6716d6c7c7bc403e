// One sweep run: the same rates as a real run would get, metrics that agree with the simulator, and replayable rows.
import { rateFor } from '../../../src/config/resolve.js';
import { expandGrid } from '../../../src/sweep/grid.js';
import { runPoint } from '../../../src/sweep/run-point.js';
import { parseSweepSpec } from '../../../src/sweep/spec.js';
import { simulate } from '../../../src/sim/simulation.js';
import { DEFAULT_START_TIME } from '../../../src/sim/setup.js';
import { collectResults, resultsCsvChunks, resultsJsonChunks } from '../../../src/sweep/results.js';

describe('runPoint', () => {
  const grid = expandGrid(parseSweepSpec({ seeds: 2, grid: { rateRange: [[1, 6]], internalProbability: [0.3] } }));
  const point = grid.points[0]!;

  it('draws seeded rates with the real rules and keeps metrics that match the simulated run', () => {
    const row = runPoint(point, 77, 5);
    const rates = [1, 2, 3].map((id) => rateFor(point.config, id, 77));
    expect(row).toMatchObject({ run: 5, point: 0, seed: 77, rates: rates.join('/'), rateRatio: Math.max(...rates) / Math.min(...rates) });
    const sim = simulate(
      { machines: rates.map((rate, i) => ({ id: i + 1, rate })), internalProbability: 0.3, seed: 77, durationSeconds: 60, delayMs: [1, 1], startTime: Date.parse(DEFAULT_START_TIME) },
      () => {},
    );
    expect(row.metrics.maxQueue).toBe(Math.max(...sim.machines.map((m) => m.maxQueue)));
    expect(row.metrics.endQueue).toBe(Math.max(...sim.machines.map((m) => m.endQueue)));
    const clocks = sim.machines.map((m) => m.clock);
    expect(row.metrics.clockSpread).toBe(Math.max(...clocks) - Math.min(...clocks));
    expect(row.metrics.maxDrift).toBeGreaterThanOrEqual(0);
    expect(runPoint(point, 77, 5)).toEqual(row);
    expect(runPoint(point, 78, 5)).not.toEqual(row);
  });

  it('writes rows in run order whatever order they finished in', () => {
    const spec = parseSweepSpec({ seeds: 2, grid: { internalProbability: [0.3, 0.6] } });
    const g = expandGrid(spec);
    const rows = [3, 0, 2, 1].map((run) => runPoint(g.points[Math.floor(run / 2)]!, g.seeds[run % 2]!, run));
    const results = collectResults('t', spec, g, rows, false);
    expect(results.results.map((r) => r.run)).toEqual([0, 1, 2, 3]);
    expect(results.points.map((p) => p.runs)).toEqual([2, 2]);
    const csv = [...resultsCsvChunks(results)].join('').trimEnd().split('\n');
    // The columns are a contract: new ones come after these, which keep their names and places.
    expect(csv[0]).toBe(
      'run,point,seed,machines,pointRates,rateRange,internalProbability,delayMs,durationSeconds,rates,rateRatio,maxQueue,endQueue,maxJump,jumps,maxDrift,meanDriftWorst,clockSpread,messages,refused,maxQueueCapped,faults,lost,dropped,queueGrowth',
    );
    expect(csv).toHaveLength(5);
    expect(csv[3]!.startsWith('2,1,1,3,seeded,1-6,0.6,1-1,60,')).toBe(true);
    expect(JSON.parse([...resultsJsonChunks(results)].join(''))).toEqual(JSON.parse(JSON.stringify(results)));
  });

  it('gives each point the mean, sample standard deviation, min and max of every metric over its runs', () => {
    const spec = parseSweepSpec({ seeds: 3, grid: { internalProbability: [0.3] } });
    const g = expandGrid(spec);
    const rows = [0, 1, 2].map((run) => runPoint(g.points[0]!, g.seeds[run]!, run));
    const [point] = collectResults('t', spec, g, rows, false).points;
    const values = rows.map((r) => r.metrics.messages);
    const mean = values.reduce((a, b) => a + b, 0) / 3;
    const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / 2);
    expect(point!.mean.messages).toBeCloseTo(mean, 4);
    expect(point!.sd.messages).toBeCloseTo(sd, 4);
    expect([point!.min.messages, point!.max.messages]).toEqual([Math.min(...values), Math.max(...values)]);
    // One run: no spread to give.
    const one = collectResults('t', spec, g, rows.slice(0, 1), false).points[0]!;
    expect([one.sd.messages, one.min.messages, one.max.messages]).toEqual([null, values[0], values[0]]);
  });
});
