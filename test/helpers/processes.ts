// The processes still running whose command line mentions a string (a test's config path): none should outlive a run.
import { readdirSync, readFileSync } from 'node:fs';

/** Pids of live processes whose command line contains `text` (a zombie's is empty, so it does not count). */
export function processesMentioning(text: string): string[] {
  return processIds()
    .map(String)
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(text);
      } catch {
        return false; // gone since the listing
      }
    });
}

/** The pids in /proc now (some may be gone by the time they are read). */
export function processIds(): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map(Number);
}

/** The command line of a start-all run's machine `id` on `config` (its arguments hold `<id> --config`), while it runs. */
function runningMachine(config: string, id: number): { pid: number; args: string[] } | undefined {
  for (const pid of processesMentioning(config)) {
    let args: string[];
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone since the listing
    }
    if (args[args.indexOf('--config') - 1] === String(id)) return { pid: Number(pid), args };
  }
  return undefined;
}

/** The arguments of machine `id` of a start-all run on `config`, or undefined when it is not running. */
export const machineArgs = (config: string, id: number): string[] | undefined => runningMachine(config, id)?.args;

/** The pid of machine `id` of a start-all run on `config`; throws when it is not running. */
export function machinePid(config: string, id: number): number {
  const machine = runningMachine(config, id);
  if (!machine) throw new Error(`no machine ${id} running on ${config}`);
  return machine.pid;
}
