// The lines start-all prints for fault steps: one per moment of an event (a selector makes a step per link), and the skipped ones counted in events.
import { skippedLine } from '../../src/runner/fault-driver.js';
import { describeSteps, planFaults } from '../../src/faults/index.js';
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
    expect(skippedLine(steps([{ at: 30, action: 'down', links: 'machine:3' }]), 10)).toBe('fault at 30 s skipped: the run lasts 10 s (links 1->3, 2->3, 3->1 and 3 more down)');
    const two = steps([{ at: 30, until: 35, action: 'down', links: 'machine:3' }, { at: 40, action: 'kill', machine: 2 }]);
    expect(skippedLine(two, 10)).toBe('2 fault events from 30 s on skipped (the last at 40 s): the run lasts 10 s');
  });
});
