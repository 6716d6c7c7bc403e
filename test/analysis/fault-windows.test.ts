// Fault windows from faults.jsonl (pairing, grouping, labels) and from run.json's plan; reading faults.jsonl.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { killedMachines, readFaultLog, type AppliedFault } from '../../src/analysis/fault-log.js';
import { appliedScheduleStart, appliedWindows, plannedWindows } from '../../src/analysis/fault-windows.js';
import type { InputProblem } from '../../src/analysis/problems.js';
import { faultWindows, planFaults, parseFaultSchedule } from '../../src/faults/index.js';
import { tempDir } from '../helpers/cli.js';
import { fromRoot } from '../helpers/repo.js';
import { analyzeRun } from '../../src/analysis/analyze.js';
import { runCharts } from '../../src/analysis/charts.js';
import { faultLines } from '../../src/analysis/summary-rows.js';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const fault = (s: number, at: number, action: AppliedFault['action'], description: string, target: { link?: [number, number]; machine?: number }, error?: string): AppliedFault => ({
  time: T0 + s * 1000,
  at,
  action,
  description,
  ...target,
  ...(error ? { error } : {}),
});

describe('appliedWindows', () => {
  test('a cut of every link of machine 3 is one window, labelled as planned, from the first down to the last up', () => {
    const schedule = parseFaultSchedule({ events: [{ at: 2, until: 4, action: 'down', links: 'machine:3' }] }, 'faults.json');
    const planned = faultWindows(planFaults(schedule, [1, 2, 3]));
    const links: Array<[number, number]> = [[1, 3], [2, 3], [3, 1], [3, 2]];
    const applied = [
      ...links.map((link, i) => fault(2 + i / 1000, 2, 'down', `link ${link.join('->')} down`, { link })),
      ...links.map((link, i) => fault(4 + i / 1000, 4, 'up', `link ${link.join('->')} up`, { link })),
    ];
    expect(appliedWindows(applied, planned)).toEqual([{ from: T0 + 2000, to: T0 + 4003, kind: 'down', label: 'down machine:3', links, source: 'applied' }]);
  });

  test('without a plan: labels from the descriptions; a toxic never removed lasts to the end; failed faults are left out', () => {
    const applied = [
      fault(1, 1, 'add', 'add latency 200 ms as "lag" on 1->2', { link: [1, 2] }),
      fault(2, 2, 'add', 'add slicer 3±2 B / 1000 µs as "slicer" on 1->3', { link: [1, 3] }),
      fault(3, 3, 'remove', 'remove "slicer" (slicer 3±2 B / 1000 µs) from 1->3', { link: [1, 3] }),
      fault(4, 4, 'kill', 'kill machine 2 (SIGKILL)', { machine: 2 }),
      fault(5, 5, 'down', 'link 2->1 down', { link: [2, 1] }, 'proxy closed'),
      fault(6.5, 6, 'restart', 'restart machine 2', { machine: 2 }),
    ];
    expect(appliedWindows(applied)).toEqual([
      { from: T0 + 1000, to: null, kind: 'toxic', label: 'latency 200 ms on 1->2', links: [[1, 2]], source: 'applied' },
      { from: T0 + 2000, to: T0 + 3000, kind: 'toxic', label: 'slicer 3±2 B / 1000 µs on 1->3', links: [[1, 3]], source: 'applied' },
      { from: T0 + 4000, to: T0 + 6500, kind: 'kill', label: 'machine 2 killed', links: [], machine: 2, source: 'applied' },
    ]);
  });

  test('the same toxic name on two links added at once is one window naming both links', () => {
    const applied = [
      fault(1, 1, 'add', 'add latency 700 ms as "lag" on 1->2', { link: [1, 2] }),
      fault(1.006, 1, 'add', 'add latency 700 ms as "lag" on 3->2', { link: [3, 2] }),
    ];
    expect(appliedWindows(applied).map((w) => [w.label, w.links, w.from])).toEqual([['latency 700 ms on 1->2, 3->2', [[1, 2], [3, 2]], T0 + 1000]]);
  });
});

test('plannedWindows: run.json windows placed from the estimated start of the schedule', () => {
  const schedule = parseFaultSchedule({ events: [{ at: 1, action: 'kill', machine: 2 }, { at: 3, action: 'restart', machine: 2 }] }, 'faults.json');
  const planned = faultWindows(planFaults(schedule, [1, 2]));
  expect(plannedWindows(planned, T0 + 500)).toEqual([{ from: T0 + 1500, to: T0 + 3500, kind: 'kill', label: 'machine 2 killed', links: [], machine: 2, source: 'planned' }]);
});

describe('appliedScheduleStart', () => {
  test("each entry's time less its seconds on the schedule's clock, the earliest; `at` where `elapsed` is missing; failed entries left out", () => {
    const kill = { ...fault(3.2, 2.3, 'kill', 'kill machine 2 (SIGKILL)', { machine: 2 }), elapsed: 2.3 };
    // A restart logged before `elapsed` was taken after the action: its time lags the schedule by the action's length.
    const restart = { ...fault(5.2, 4.1, 'restart', 'restart machine 2', { machine: 2 }), elapsed: 4.1 };
    expect(appliedScheduleStart([restart, kill])).toBe(T0 + 900);
    // Older logs: no `elapsed`, so the planned `at` (the entry can only be later than planned).
    expect(appliedScheduleStart([fault(1.95, 1, 'add', 'add latency', { link: [1, 2] }), fault(3.2, 2.3, 'kill', 'kill', { machine: 2 })])).toBe(T0 + 900);
    expect(appliedScheduleStart([{ ...fault(0.5, 2, 'kill', 'kill', { machine: 2 }, 'no such process'), elapsed: 2 }, kill])).toBe(T0 + 900);
    expect(appliedScheduleStart([])).toBeNull();
  });
});

describe('readFaultLog', () => {
  test('reads the applied faults; a bad line is a fault-log problem naming file and line, and is left out', () => {
    const dir = tempDir('lamport-faultlog-');
    const lines = [
      JSON.stringify({ time: '2026-01-01T00:00:01.000Z', at: 1, elapsed: 1.001, action: 'kill', description: 'kill machine 2 (SIGKILL)', machine: 2 }),
      '{"time": "yesterday"',
      JSON.stringify({ time: '2026-01-01T00:00:02.000Z', at: 2, action: 'explode', description: '?' }),
      // A kill of no machine would be labelled `machine undefined killed`; a time Date.parse reads but no ISO instant.
      JSON.stringify({ time: '2026-01-01T00:00:03.000Z', at: 3, action: 'kill', description: 'kill' }),
      JSON.stringify({ time: '1Z', at: 4, action: 'kill', description: 'kill machine 3 (SIGKILL)', machine: 3 }),
    ];
    writeFileSync(join(dir, 'faults.jsonl'), `${lines.join('\n')}\n`);
    const problems: InputProblem[] = [];
    const faults = readFaultLog(dir, (p) => problems.push(p));
    expect(faults).toEqual([{ time: T0 + 1000, at: 1, elapsed: 1.001, action: 'kill', description: 'kill machine 2 (SIGKILL)', machine: 2 }]);
    expect(problems.map((p) => [p.kind, p.line, p.message.split(' (')[0]!.split(';')[0]])).toEqual([
      ['fault-log', 2, 'not valid JSON'],
      ['fault-log', 3, 'not a fault record'],
      ['fault-log', 4, 'not a fault record'],
      ['fault-log', 5, 'not a fault record'],
    ]);
    expect(problems[1]!.message).toBe(`not a fault record (action: should be one of 'add', 'remove', 'down', 'up', 'kill', 'restart', is the string "explode"); fault left out`);
    expect(problems[2]!.message).toBe('not a fault record (machine: a kill or restart names its machine); fault left out');
    expect(problems[3]!.message).toBe('not a fault record (time: not an ISO time); fault left out');
    expect(readFaultLog(join(dir, 'nothing-here'), () => {})).toBeNull();
    rmSync(dir, { recursive: true });
  });

  test('killedMachines: killed and not restarted (a failed restart does not count)', () => {
    const kill = fault(1, 1, 'kill', 'kill machine 2 (SIGKILL)', { machine: 2 });
    const restart = fault(2, 2, 'restart', 'restart machine 2', { machine: 2 });
    expect([...killedMachines([kill])]).toEqual([2]);
    expect([...killedMachines([kill, restart])]).toEqual([]);
    expect([...killedMachines([kill, { ...restart, error: 'spawn failed' }])]).toEqual([2]);
    expect([...killedMachines(null)]).toEqual([]);
  });
});

describe("the schedule's offset on the report's time axis", () => {
  test('the caption and the fault lines round it alike: the offset plus the time on the schedule clock is the time on the axis', async () => {
    const run = await analyzeRun(fromRoot('test', 'fixtures', 'analysis', 'faults', 'real-down'));
    const start = run.metrics.startTime!;
    // The schedule starts 0.44 s after the first record; a toxic took effect 10.04 s on its clock, to the end: 10.48 s
    // on the axis, which rounded alone reads 10.5 while the caption says 0.4 and the schedule's clock 10.
    run.scheduleStart = start + 440;
    run.faults = [{ from: start + 440 + 10_040, to: null, kind: 'toxic', label: 'latency 200 ms on 1->2', links: [[1, 2]], source: 'applied' }];
    expect(faultLines(run)).toEqual(["latency 200 ms on 1->2: 10.4 s to end (10 s to end on the schedule's clock)"]);
    const captions = runCharts(run).map((c) => c.caption).filter((c) => c.includes('fault file'));
    expect(captions).toHaveLength(3);
    for (const caption of captions) expect(caption).toContain("The fault file's seconds count from 0.4 s on this axis, when every machine ticked.");
    // A window shorter than 0.1 s is given to the millisecond: the caption's offset then is too.
    run.faults.push({ from: start + 440 + 2_010, to: start + 440 + 2_050, kind: 'down', label: 'down 1->2', links: [[1, 2]], source: 'applied' });
    expect(faultLines(run)[1]).toBe("down 1->2: 2.45 s to 2.49 s (2.01 s to 2.05 s on the schedule's clock)");
    expect(runCharts(run)[0]!.caption).toContain('count from 0.44 s on this axis');
  });
});
