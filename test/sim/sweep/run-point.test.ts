// One sweep run: the same rates as a real run would get, metrics that agree with the simulator, and replayable rows.
import { rateFor } from '../../../src/config/resolve.js';
import { expandGrid } from '../../../src/sweep/grid.js';
import { runPoint, runSetup, tickPhases } from '../../../src/sweep/run-point.js';
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

  it('grid.tickPhaseMs: each run starts its machines\' tick schedules at offsets drawn from its seed, as simulate --tick-offsets would; a column of its own, last', () => {
    const spec = parseSweepSpec({ seeds: 2, grid: { rates: [[2, 24, 24]], durationSeconds: 20, tickPhaseMs: [0, 3] } });
    const g = expandGrid(spec);
    expect([g.swept, g.points.map((p) => [p.tickPhaseMs, p.params.tickPhaseMs])]).toEqual([['tickPhaseMs'], [[0, 0], [3, 3]]]);
    // Spread 0: every schedule at the start, as a sweep without the field; 3 ms: each machine's own offset, under 3 ms, to 0.1 ms.
    expect(runSetup(g.points[0]!, 1).setup.tickOffsetsMs).toBeUndefined();
    const offsets = runSetup(g.points[1]!, 1).setup.tickOffsetsMs!;
    expect(offsets).toEqual(tickPhases([1, 2, 3], 1, 3));
    expect(offsets.every((o) => o >= 0 && o < 3 && Math.round(o * 10) === o * 10)).toBe(true);
    expect(new Set(offsets).size).toBeGreaterThan(1);
    expect(tickPhases([1, 2, 3], 2, 3)).not.toEqual(offsets);
    // The run is the simulation with those offsets: the same-rate machines no longer tick in step.
    const row = runPoint(g.points[1]!, 1, 2);
    const sim = simulate(
      { machines: [2, 24, 24].map((rate, i) => ({ id: i + 1, rate })), internalProbability: 0.7, seed: 1, durationSeconds: 20, delayMs: [1, 1], startTime: Date.parse(DEFAULT_START_TIME), tickOffsetsMs: offsets },
      () => {},
    );
    const clocks = sim.machines.map((m) => m.clock);
    expect(row.metrics.clockSpread).toBe(Math.max(...clocks) - Math.min(...clocks));
    expect(row.metrics.clockSpread).not.toBe(runPoint(g.points[0]!, 1, 0).metrics.clockSpread);
    const results = collectResults('t', spec, g, [runPoint(g.points[0]!, 1, 0), row], false);
    const csv = [...resultsCsvChunks(results)].join('').trimEnd().split('\n');
    expect(csv[0]!.endsWith(',queueGrowth,tickPhaseMs')).toBe(true);
    expect(csv.slice(1).map((line) => line.split(',').at(-1))).toEqual(['0', '3']);
    // In results.json after every field that was there before, perMachine still last.
    expect(Object.keys(results.results[1]!).slice(-3)).toEqual(['maxQueueCapped', 'tickPhaseMs', 'perMachine']);
    // A sweep without the field writes what it wrote before: no column, no field.
    const plain = parseSweepSpec({ seeds: 1, grid: { rates: [[2, 24, 24]], durationSeconds: 20 } });
    const pg = expandGrid(plain);
    const before = collectResults('t', plain, pg, [runPoint(pg.points[0]!, 1, 0)], false);
    expect([...resultsCsvChunks(before)][0]!.trimEnd().endsWith(',queueGrowth')).toBe(true);
    expect('tickPhaseMs' in before.results[0]!).toBe(false);
  });
});
