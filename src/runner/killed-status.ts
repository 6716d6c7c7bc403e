// The live view's status of a machine the fault schedule killed: the ticks and clock its log has (its last status line is older).
import type { MachineStatus } from '../runtime/machine-runtime.js';
import { summarizeMachine } from './summary.js';

/** What the live view shows of one machine process (a MachineProcess). */
export interface ShownMachine {
  readonly id: number;
  /** Ticks of its earlier incarnations, counted apart. */
  readonly earlierTicks: number;
  status: MachineStatus | undefined;
}

/**
 * Sets the status of a killed machine from its log in `dir`. Never rejects: a log that cannot be read (too many open
 * files, removed meanwhile) leaves the status as it was (rejecting, nothing handled it: start-all crashed).
 */
export async function showLoggedStatus(machine: ShownMachine, dir: string): Promise<void> {
  if (!machine.status) return;
  const logged = await summarizeMachine(dir, machine.id).catch(() => undefined);
  if (!logged || !machine.status) return;
  machine.status = { ...machine.status, ticks: logged.ticks - machine.earlierTicks, clock: logged.clock };
}
