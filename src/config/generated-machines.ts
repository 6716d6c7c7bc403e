// Machines made from a count (--machines): ids 1..N on one host, on consecutive ports from a first one.
import { UsageError } from './errors.js';
import type { Config, MachineEntry } from './schema.js';
import { machinesText } from '../text/id-list.js';

/** Real machines --machines makes at most: as many as simulate's; each is a process of about 60 MB. */
export const MAX_REAL_MACHINES = 1000;

/** `machines` for N machines: ids 1..N on `first`'s host, ports first.port, first.port + 1, ... */
export function generatedMachines(count: number, first: Pick<MachineEntry, 'host' | 'port'> = { host: '127.0.0.1', port: 5001 }): Config['machines'] {
  const last = first.port + count - 1;
  if (last > 65535) throw new UsageError(`${count} machines from port ${first.port} need ports up to ${last}, past 65535: give the first machine a lower port in the config`);
  const machines: Config['machines'] = {};
  for (let i = 0; i < count; i++) machines[String(i + 1)] = { host: first.host, port: first.port + i };
  return machines;
}

/**
 * When --machines replaces a config whose machines give their own `rate` and no --rates is given: a note that those
 * rates are not used (`--machines 4 makes its own machines, so the rates the config gives machines 1, 2 are not
 * used: ...`), else null. The generated machines take their rates from rateRange.
 */
export function unusedRatesNote(config: Config, count: number | undefined, ratesGiven: boolean): string | null {
  if (count === undefined || ratesGiven) return null;
  const rated = Object.entries(config.machines)
    .filter(([, machine]) => machine.rate !== undefined)
    .map(([id]) => Number(id))
    .sort((a, b) => a - b);
  if (rated.length === 0) return null;
  return `--machines ${count} makes its own machines, so the rates the config gives ${machinesText(rated)} are not used: every rate is drawn from rateRange (give --rates to choose them)`;
}
