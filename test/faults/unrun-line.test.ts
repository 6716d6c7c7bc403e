// The lines start-all prints for fault steps: one per moment of an event (a selector makes a step per link), and the skipped ones counted in events.
import { neverRanLine, skippedLine } from '../../src/faults/unrun-line.js';
import { timingNote } from '../../src/runner/fault-driver.js';
import { appliedLine, describeSteps, planFaults } from '../../src/faults/index.js';
import type { FaultSchedule } from '../../src/faults/schedule.js';

const steps = (events: unknown[]) => planFaults({ events } as FaultSchedule, [1, 2, 3, 4]);

describe('fault lines', () => {
  test('the steps of one event at one moment are one description: up to three links named, then how many more', () => {
    expect(describeSteps(steps([{ at: 1, action: 'down', links: '1->2' }]))).toBe('link 1->2 down');
    expect(describeSteps(steps([{ at: 1, action: 'down', links: '*->3' }]))).toBe('links 1->3, 2->3, 4->3 down');
    expect(describeSteps(steps([{ at: 1, action: 'down', links: 'machine:3' }]))).toBe('links 1->3, 2->3, 3->1 and 3 more down');
    const latency = steps([{ at: 1, action: 'add', links: '*', toxic: { type: 'latency', name: 'lag', attributes: { latency: 50 } } }]);
    expect(describeSteps(latency)).toBe('add latency 50 ms as "lag" on 1->2, 1->3, 1->4 and 9 more');
  });

  test('skipped steps: one moment of one event is described, several are counted in events', () => {
    expect(skippedLine(steps([{ at: 30, action: 'down', links: 'machine:3' }]), 10)).toBe('fault at 30 s skipped, the run lasts 10 s: links 1->3, 2->3, 3->1 and 3 more down');
    const two = steps([{ at: 30, until: 35, action: 'down', links: 'machine:3' }, { at: 40, action: 'kill', machine: 2 }]);
    expect(skippedLine(two, 10)).toBe('2 fault events from 30 s on skipped (the last at 40 s): the run lasts 10 s');
  });

  test('a step held up by a slow restart before it says when it began; a restart says when it was up', () => {
    expect(timingNote(46, 46.02)).toBe('');
    expect(timingNote(46, 47.24)).toBe(' (held until 47.2 s by the step before it)');
    expect(timingNote(45, 45.01, 45.53)).toBe(' (up at 45.5 s)');
    expect(timingNote(45, 46.5, 47.04)).toBe(' (held until 46.5 s by the step before it; up at 47.0 s)');
  });

  test('never ran: the stop to 0.1 s, as start-all and simulate both say it', () => {
    const late = steps([{ at: 20, action: 'kill', machine: 2 }, { at: 30, action: 'restart', machine: 2 }]);
    expect(neverRanLine(late, 'interrupted', 10.285)).toBe('2 fault events from 20 s on never ran: interrupted at 10.2 s');
    // Rounded down: a stop at 19.96 s is not said as 20 s, which would read as if the event at 20 s should have run.
    expect(neverRanLine(late, 'interrupted', 19.959)).toBe('2 fault events from 20 s on never ran: interrupted at 19.9 s');
    expect(neverRanLine(late.slice(1), 'interrupted', 8455)).toBe('1 fault event from 30 s on never ran: interrupted at 8455 s');
  });

  test("an event that began but whose end (until) was left out is said apart, not counted again as an event never run", () => {
    // examples/faults-sim.json's shape: a latency (10 s), machine:3 down 20-25 s, a kill at 40 s and a restart at 45 s.
    const plan = steps([
      { at: 10, action: 'add', links: '1->2', toxic: { type: 'latency', name: 'lag', attributes: { latency: 200 } } },
      { at: 20, until: 25, action: 'down', links: 'machine:3' },
      { at: 40, action: 'kill', machine: 2 },
      { at: 45, action: 'restart', machine: 2 },
    ]);
    const ran = plan.filter((step) => step.at < 21.1);
    const left = plan.filter((step) => step.at >= 21.1);
    expect(neverRanLine(left, 'interrupted', 21.1, ran)).toBe('2 fault events from 40 s on never ran, and 1 fault event never reached its end (at 25 s): interrupted at 21.1 s');
    expect(skippedLine(left, 21.1, ran)).toBe('2 fault events from 40 s on skipped (the last at 45 s), and 1 fault event ends after it (at 25 s): the run lasts 21.1 s');
    // Only the end left out.
    const cut = plan.filter((step) => step.at === 25);
    expect(neverRanLine(cut, 'interrupted', 24, plan.filter((step) => step.at < 24))).toBe('1 fault event never reached its end (at 25 s): interrupted at 24 s');
  });

  test('applied: counted in the file\'s events, the steps (a line each in faults.jsonl) in brackets', () => {
    const events = [{ at: 1, action: 'down', links: 'machine:3' }, { at: 5, action: 'kill', machine: 2 }];
    const plan = { file: 'f.json', schedule: { events } as FaultSchedule, steps: steps(events) };
    expect(appliedLine(plan, plan.steps)).toBe('Faults: 2 events of f.json applied (7 steps in faults.jsonl).');
    expect(appliedLine(plan, plan.steps.slice(0, 6))).toBe('Faults: 1 of 2 events of f.json applied (6 steps in faults.jsonl).');
    expect(appliedLine(plan, [])).toBe('Faults: 0 of 2 events of f.json applied.');
    const one = { ...plan, schedule: { events: events.slice(1) } as FaultSchedule };
    expect(appliedLine(one, plan.steps.slice(6))).toBe('Faults: 1 event of f.json applied (1 step in faults.jsonl).');
  });
});
