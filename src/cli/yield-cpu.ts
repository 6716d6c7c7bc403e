// Lowers this process's scheduling priority, for work that should wait for other processes (a machine shutting down).
import { constants, setPriority } from 'node:os';

export function yieldCpu(): void {
  try {
    setPriority(constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // Not permitted or not supported here: the work just runs at normal priority.
  }
}
