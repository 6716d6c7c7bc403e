// Machines made from a count (--machines): ids 1..N on one host, on consecutive ports from a first one.
import { UsageError } from './errors.js';
import type { Config, MachineEntry } from './schema.js';

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
