// The name of a machine's JSONL log in a run folder, `machine-<id>.jsonl`, and the machine it names.
import { basename } from 'node:path';

export const MACHINE_FILE = /^machine-(\d+)\.jsonl$/;

/** The machine whose JSONL log `file` (a name or a path) is, or undefined for another file. */
export function machineOfLogName(file: string): number | undefined {
  const id = MACHINE_FILE.exec(basename(file))?.[1];
  return id === undefined ? undefined : Number(id);
}
