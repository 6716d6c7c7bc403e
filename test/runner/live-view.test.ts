// start-all's live view line for one machine: starting, connecting, ticking, and down after a crash or a failure.
import { describeMachine } from '../../src/runner/live-view.js';
import type { MachineStatus } from '../../src/runtime/machine-runtime.js';

const status = (clock: number, ticks: number, ticking: boolean): MachineStatus => ({ id: 3, clock, queue: 2, ticks, connected: 2, ticking });
const machine = (s: MachineStatus | undefined, down = false, crashedByFault = false) => ({ id: 3, status: s, down, crashedByFault });

describe('describeMachine', () => {
  test('a machine that has not reported yet is starting; one that reported but does not tick is connecting', () => {
    expect(describeMachine(machine(undefined), 2)).toBe('M3  rate 2/s  starting');
    expect(describeMachine(machine(status(0, 0, false)), 2)).toBe('M3  rate 2/s  clock 0  queue 2  ticks 0  (connecting)');
  });

  test('a ticking machine shows its clock, queue and ticks', () => {
    expect(describeMachine(machine(status(41, 17, true)), 2)).toBe('M3  rate 2/s  clock 41  queue 2  ticks 17');
  });

  test('a machine the fault schedule crashed says so, with its last clock, instead of looking alive', () => {
    expect(describeMachine(machine(status(41, 17, true), true, true), 2)).toBe('M3  rate 2/s  down (crashed by the fault schedule)  last clock 41  ticks 17');
  });

  test('a machine that exited on its own says so, with or without a report before', () => {
    expect(describeMachine(machine(status(5, 4, true), true), 6)).toBe('M3  rate 6/s  down (exited on its own)  last clock 5  ticks 4');
    expect(describeMachine(machine(undefined, true), 6)).toBe('M3  rate 6/s  down (exited on its own)');
  });
});
