// Sweep specs and their grids: defaults, expansion order, swept parameters, and one clear line for each bad spec.
import { UsageError } from '../../../src/config/errors.js';
import { expandGrid } from '../../../src/sweep/grid.js';
import { loadSweepSpec, parseSweepSpec } from '../../../src/sweep/spec.js';
import { loadSweepSchedules } from '../../../src/sweep/sweep-faults.js';
import { loadFaultSchedule } from '../../../src/faults/load-schedule.js';
import { fromRoot } from '../../helpers/repo.js';
import { parseFaultSchedule } from '../../../src/faults/schedule.js';

const expectBad = (raw: unknown, message: string) => expect(() => parseSweepSpec(raw, 'spec.json')).toThrow(new UsageError(`spec.json: ${message}`));

describe('sweep spec', () => {
  it('fills in defaults: seeds from 1, 3 machines with seeded rates in [1, 6], 0.7, 1 ms, 60 s', () => {
    const grid = expandGrid(parseSweepSpec({ seeds: 3, grid: {} }));
    expect(grid.seeds).toEqual([1, 2, 3]);
    expect(grid.runCount).toBe(3);
    expect(grid.swept).toEqual([]);
    expect(grid.points).toHaveLength(1);
    expect(grid.points[0]!.params).toEqual({ machines: 3, rates: 'seeded', rateRange: '1-6', internalProbability: 0.7, delayMs: '1-1', durationSeconds: 60, faults: '' });
    expect(grid.points[0]!.config).toMatchObject({ rateRange: [1, 6], staggerMs: 0, delayMs: [1, 1], durationSeconds: 60 });
    // The grid itself may be left out: the same defaults.
    expect(expandGrid(parseSweepSpec({ seeds: 3 }))).toEqual(grid);
  });

  it('expands every combination, the last parameter fastest, and names the swept ones', () => {
    const spec = parseSweepSpec({ seeds: 2, firstSeed: 10, grid: { ratesPerMachine: [[1, 2], [6], [3, 4]], internalProbability: [0.5, 0.9], durationSeconds: 30 } });
    const grid = expandGrid(spec);
    expect(grid.points.map((p) => `${p.params.rates}@${p.params.internalProbability}`)).toEqual([
      '1/6/3@0.5', '1/6/3@0.9', '1/6/4@0.5', '1/6/4@0.9', '2/6/3@0.5', '2/6/3@0.9', '2/6/4@0.5', '2/6/4@0.9',
    ]);
    expect(grid.swept).toEqual(['rates', 'internalProbability']);
    expect(grid.seeds).toEqual([10, 11]);
    expect(grid.runCount).toBe(16);
    expect(grid.points[2]!.config.machines).toEqual({
      '1': { host: '127.0.0.1', port: 5001, rate: 1 },
      '2': { host: '127.0.0.1', port: 5002, rate: 6 },
      '3': { host: '127.0.0.1', port: 5003, rate: 4 },
    });
  });

  it('takes machine counts and rate ranges for seeded rates, and latency ranges as given (0 included)', () => {
    const grid = expandGrid(parseSweepSpec({ seeds: 1, grid: { machines: [2, 5], rateRange: [[1, 6], [2, 3]], delayMs: [[0, 0], [100, 500]] } }));
    expect(grid.points).toHaveLength(8);
    expect(grid.swept).toEqual(['machines', 'rateRange', 'delayMs']);
    expect(grid.points.map((p) => p.delayMs)).toContainEqual([0, 0]);
    expect(Object.keys(grid.points.at(-1)!.config.machines)).toHaveLength(5);
  });

  it('runs each fault schedule as a point of its own, varying fastest, planned for the point\'s machines', () => {
    const kill = { events: [{ at: 5, action: 'kill', machine: 2 }] };
    const schedules = new Map([['kill.json', parseFaultSchedule(kill, 'kill.json')]]);
    const grid = expandGrid(parseSweepSpec({ seeds: 1, grid: { machines: [2, 3], faults: [null, 'kill.json'] } }), schedules);
    expect(grid.points.map((p) => `${p.params.machines}:${p.params.faults}`)).toEqual(['2:', '2:kill.json', '3:', '3:kill.json']);
    expect(grid.swept).toEqual(['machines', 'faults']);
    expect(grid.points[0]!.faults).toBeUndefined();
    expect(grid.points[3]!.faults).toMatchObject({ file: 'kill.json', schedule: kill, steps: [{ at: 5, action: 'kill', machine: 2 }] });
    expect(grid.schedules).toBe(schedules);
    // A schedule naming a machine a point lacks: one line naming the point, its machine count and the schedule.
    const third = new Map([['kill3.json', parseFaultSchedule({ events: [{ at: 5, action: 'kill', machine: 3 }] }, 'kill3.json')]]);
    expect(() => expandGrid(parseSweepSpec({ seeds: 1, grid: { machines: [3, 2], faults: 'kill3.json' } }), third)).toThrow(
      new UsageError('grid point 1: fault schedule kill3.json: events[0].machine: no machine 3 at this grid point (machines 1, 2)'),
    );
  });

  it('examples/sweep-faults.json reads its schedule from beside it and runs it next to no faults', () => {
    const path = fromRoot('examples', 'sweep-faults.json');
    const spec = loadSweepSpec(path);
    const grid = expandGrid(spec, loadSweepSchedules(spec, path));
    expect(grid.swept).toEqual(['internalProbability', 'faults']);
    expect(grid.points.map((p) => p.params.faults)).toEqual(['', 'faults-sim.json', '', 'faults-sim.json']);
    expect(grid.points[1]!.faults!.schedule).toEqual(loadFaultSchedule(fromRoot('examples', 'faults-sim.json')));
  });

  it("takes the simulator's durations and latencies, not a real run's longest timer (24.8 days)", () => {
    const grid = expandGrid(parseSweepSpec({ seeds: 1, grid: { durationSeconds: [60, 3_000_000], delayMs: [[0, 3e9]] } }));
    expect(grid.points.map((p) => p.config.durationSeconds)).toEqual([60, 3_000_000]);
    expect(grid.points.map((p) => p.params.durationSeconds)).toEqual([60, 3_000_000]);
    expect(grid.points[1]!.delayMs).toEqual([0, 3e9]);
    expect(grid.points[1]!.config.delayMs).toEqual([0, 3e9]);
  });

  it.each([
    [{ seeds: 1, grid: { machines: [] } }, 'grid.machines: machines needs at least one value'],
    [{ seeds: 1, grid: { machines: 1 } }, 'grid.machines: needs at least 2 machines'],
    [{ seeds: 1, grid: { machines: 1001 } }, 'grid.machines: at most 1000 machines'],
    [{ seeds: 1, grid: { rates: [[1, 0, 3]] } }, 'grid.rates[0][1]: rates must be greater than 0, is 0'],
    [{ seeds: 1, grid: { rates: [[1, 1e14, 3]] } }, 'grid.rates[0][1]: rates must be at most 1,000,000 ticks per second, is 100000000000000'],
    [{ seeds: 1, grid: { rateRange: [[1, 1e300]] } }, 'grid.rateRange[0]: rates must be at most 1,000,000 ticks per second, is [1,1e+300]'],
    [{ seeds: 1, grid: { rates: [1, 2, 3] } }, 'grid.rates[0]: each rate vector must be a list such as [1, 3, 6]'],
    [{ seeds: 1, grid: { internalProbability: [0.5, 1.5] } }, 'grid.internalProbability[1]: probabilities must be between 0 and 1'],
    [{ seeds: 1, grid: { delayMs: [5, 1] } }, 'grid.delayMs[0]: each delayMs must be a [min, max] pair, in a list of them: [[5, 10]] for one range'],
    [{ seeds: 1, grid: { rateRange: [[6, 1]] } }, 'grid.rateRange[0]: in each rateRange, min must not exceed max, is [6,1]'],
    [{ seeds: 1, grid: { rateRange: [[1.2, 1.8]] } }, 'grid.rateRange[0]: a rateRange must contain a whole number, is [1.2,1.8]'],
    // One message for one slip, with the value: not a second one on the whole pair.
    [{ seeds: 1, grid: { rateRange: [[-1, 3]] } }, 'grid.rateRange[0][0]: rates must be greater than 0, is -1'],
    [{ seeds: 1, grid: { delayMs: [[-5, 10]] } }, 'grid.delayMs[0][0]: delayMs values must be 0 or more, is -5'],
    [{ seeds: 1, grid: { delayMs: [[5, 1]] } }, 'grid.delayMs[0]: in each delayMs, min must not exceed max, is [5,1]'],
    [{ seeds: 1, grid: { rates: [[1, 2]], machines: 2 } }, 'grid.machines: leave machines out when rates or ratesPerMachine are given (their length sets the machine count)'],
    [{ seeds: 1, grid: { durationSeconds: 0 } }, 'grid.durationSeconds: durations must be greater than 0 seconds'],
    // A single value stands for a list of one: no [0] the user did not write; a list written as one keeps its place.
    [{ seeds: 1, grid: { durationSeconds: [0] } }, 'grid.durationSeconds[0]: durations must be greater than 0 seconds'],
    [{ seeds: 1, grid: { internalProbability: 2 } }, 'grid.internalProbability: probabilities must be between 0 and 1'],
    [{ seeds: 1, grid: { durationSeconds: 1e13 } }, 'grid.durationSeconds: durations must be at most 8638232774400 s: a run must end by the year 275760, the last date JavaScript holds'],
    [{ seeds: 0, grid: {} }, 'seeds: must be at least 1'],
    // 1e300 is a whole number, too large: said as such, not as "must be a whole number" (zod's int() wants a safe one).
    [{ seeds: 1e300, grid: {} }, 'seeds: the last seed, firstSeed + seeds - 1 = 1e+300, is past 2147483647: seeds run from 0 to 2147483647'],
    [{ seeds: 1.5, grid: {} }, 'seeds: must be a whole number'],
    [{ grid: {} }, 'seeds: required: how many seeds to run at each grid point'],
    [{ seeds: '3', grid: {} }, 'seeds: should be a number, is the string "3"'],
    [{ seeds: 1, grid: { speed: [1] } }, 'grid: unknown field "speed"'],
    [{ seeds: 1, grid: [] }, 'grid: should be an object, is []'],
    [{ seeds: 1, grid: { faults: [1] } }, 'grid.faults[0]: faults lists fault schedule files (paths) or null for none'],
    [{ seeds: 1, grid: { faults: [''] } }, 'grid.faults[0]: a fault schedule path must not be empty'],
    [{ seeds: 1, grid: { faults: [null, null] } }, 'grid.faults: faults lists null twice: each value is a grid point, so its runs would count twice'],
    [{ seeds: 1, grid: { tickPhaseMs: [-1] } }, 'grid.tickPhaseMs[0]: tickPhaseMs values must be 0 or more, is -1'],
    [{ seeds: 1, grid: { tickPhaseMs: 5000 } }, 'grid.tickPhaseMs: tickPhaseMs values must be at most 1000 (ms), is 5000'],
    [{ seeds: 1, grid: { tickPhaseMs: [0, 0] } }, 'grid.tickPhaseMs: tickPhaseMs lists 0 twice: each value is a grid point, so its runs would count twice'],
    // As simulate refuses --tick-offsets with --faults; a spread of 0 (every schedule at the start) goes with them.
    [{ seeds: 1, grid: { faults: [null, 'kill.json'], tickPhaseMs: [0, 3] } }, 'grid.tickPhaseMs: tickPhaseMs above 0 does not go with fault schedules yet: sweep the phases and the faults in two sweeps'],
  ])('rejects %j', (raw, message) => expectBad(raw, message));

  // Each value is a grid point of its own: one given twice would run twice and count twice in the pooled figures.
  it.each([
    [{ durationSeconds: [10, 20, 10] }, 'grid.durationSeconds: durationSeconds lists 10 twice: each value is a grid point, so its runs would count twice'],
    [{ rates: [[1, 2], [1, 2]] }, 'grid.rates: rates lists [1,2] twice: each value is a grid point, so its runs would count twice'],
    [{ delayMs: [[5, 10], [5, 10]] }, 'grid.delayMs: delayMs lists [5,10] twice: each value is a grid point, so its runs would count twice'],
    [{ ratesPerMachine: [[1, 1], [2]] }, "grid.ratesPerMachine[0]: each machine's rates lists 1 twice: each value is a grid point, so its runs would count twice"],
  ])('rejects a grid value given twice: %j', (grid, message) => expectBad({ seeds: 1, grid }, message));

  it('refuses a sweep of more than ten million runs before building it', () => {
    const spec = parseSweepSpec({ seeds: 10, grid: { ratesPerMachine: Array.from({ length: 30 }, () => [1, 2]) } });
    expect(() => expandGrid(spec)).toThrow(/1,073,741,824 points x 10 seeds = 10,737,418,240 runs, more than 10,000,000/);
    // Past what a double holds exactly, grouped digits would be made-up zeros: 2^1000 points read as a power of ten.
    const huge = parseSweepSpec({ seeds: 1, grid: { ratesPerMachine: Array.from({ length: 1000 }, () => [1, 2]) } });
    expect(() => expandGrid(huge)).toThrow(new Error('the grid has 1.07e301 points x 1 seed = 1.07e301 runs, more than 10,000,000'));
  });
});
