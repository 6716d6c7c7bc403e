// The name of a machine's JSONL log in a run folder, `machine-<id>.jsonl`, and the machine it names.
import { basename } from 'node:path';

/** The id as machines write it (`machine-2.jsonl`, as MACHINE_ID, or machine 0): not `machine-02.jsonl`. */
export const MACHINE_FILE = /^machine-(0|[1-9]\d{0,8})\.jsonl$/;
/** Any `machine-<digits>.jsonl`: one that is not a MACHINE_FILE (`machine-01.jsonl`) is named, not read. */
export const LOOSE_MACHINE_FILE = /^machine-\d+\.jsonl$/;

/** The machine whose JSONL log `file` (a name or a path) is, or undefined for another file. */
export function machineOfLogName(file: string): number | undefined {
  const id = MACHINE_FILE.exec(basename(file))?.[1];
  return id === undefined ? undefined : Number(id);
}
