// A sweep's fault schedules: one file named twice refused, faults past a point's end said, and the clock spread of a
// run whose machine was killed for good taken over the machines that ran to the end.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../../src/config/errors.js';
import { parseFaultSchedule } from '../../../src/faults/schedule.js';
import { expandGrid } from '../../../src/sweep/grid.js';
import { runPoint, runSetup } from '../../../src/sweep/run-point.js';
import { parseSweepSpec } from '../../../src/sweep/spec.js';
import { loadSweepSchedules, skippedFaultNotes } from '../../../src/sweep/sweep-faults.js';
import { RunMetricsCollector } from '../../../src/analysis/metrics.js';
import { simulate } from '../../../src/sim/simulation.js';
import { tempDir } from '../../helpers/cli.js';

const kill = (machine: number, at: number, restartAt?: number) =>
  parseFaultSchedule({ events: [{ at, action: 'kill', machine }, ...(restartAt === undefined ? [] : [{ at: restartAt, action: 'restart', machine }])] }, 'kill.json');

describe('sweep fault schedules', () => {
  test('one file named two ways is refused: it would be two points with the same runs', () => {
    const dir = tempDir('sweep-faults-');
    mkdirSync(join(dir, 'study'));
    writeFileSync(join(dir, 'study', 'kill.json'), JSON.stringify({ events: [{ at: 1, action: 'kill', machine: 2 }] }));
    const spec = parseSweepSpec({ seeds: 1, grid: { faults: ['kill.json', './kill.json'] } });
    expect(() => loadSweepSchedules(spec, join(dir, 'study', 'spec.json'))).toThrow(
      new UsageError(`${join(dir, 'study', 'spec.json')}: grid.faults names one file twice ("kill.json" and "./kill.json"): each value is a grid point, so its runs would count twice`),
    );
    // A link to it is the same file.
    symlinkSync('kill.json', join(dir, 'study', 'link.json'));
    const linked = parseSweepSpec({ seeds: 1, grid: { faults: ['link.json', 'kill.json'] } });
    expect(() => loadSweepSchedules(linked, join(dir, 'study', 'spec.json'))).toThrow(/grid\.faults names one file twice \("link\.json" and "kill\.json"\)/);
  });

  test('faults at or after a point\'s end are said once per schedule and run length, naming the points', () => {
    const schedules = new Map([['kill.json', kill(3, 5, 8)]]);
    const grid = expandGrid(parseSweepSpec({ seeds: 1, grid: { machines: [3, 4], durationSeconds: [3, 6, 10], faults: 'kill.json' } }), schedules);
    expect(skippedFaultNotes(grid.points)).toEqual([
      'kill.json at grid points 0 and 3: 2 fault events from 5 s on skipped (the last at 8 s): the run lasts 3 s',
      'kill.json at grid points 1 and 4: fault at 8 s skipped, the run lasts 6 s: restart machine 3',
    ]);
  });

  test('a machine killed for good is left out of the clock spread: its clock stopped at the kill', () => {
    const schedules = new Map([['kill.json', kill(2, 10)]]);
    const [point] = expandGrid(parseSweepSpec({ seeds: 1, grid: { rates: [[2, 3, 4]], durationSeconds: 60, faults: 'kill.json' } }), schedules).points;
    const row = runPoint(point!, 1, 0);
    const collector = new RunMetricsCollector();
    simulate(runSetup(point!, 1).setup, (record) => collector.add(record));
    const machines = collector.result().machines;
    const survivors = machines.filter((m) => !m.crashed).map((m) => m.finalClock);
    expect(machines.filter((m) => m.crashed).map((m) => m.machine)).toEqual([2]);
    expect(row.metrics.clockSpread).toBe(Math.max(...survivors) - Math.min(...survivors));
    // With machine 2's clock at the kill, the spread would say how long it had been dead.
    expect(Math.max(...survivors) - machines[1]!.finalClock).toBeGreaterThan(100);
  });
});
