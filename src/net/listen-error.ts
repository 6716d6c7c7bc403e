// Why a machine could not listen on its address, as one line a user can act on.
import { portHolder, portHolderText, type PortHolder } from './port-holder.js';
import { portConnection, portConnectionText, type PortConnection } from './port-connection.js';
import { ephemeralPortRange } from './ephemeral-range.js';

/** Where describeListenError looks for who holds a port (/proc by default; tests give their own). */
export interface PortLookups {
  holder?: (port: number) => PortHolder | undefined;
  connection?: (port: number) => PortConnection | undefined;
  ephemeral?: [number, number] | null;
}

/**
 * A listen error as one line a user can act on. A port in use names the process listening on it when /proc says
 * (port-holder.ts); else the connection whose local end holds it (port-connection.ts), and, for a port in the kernel's
 * ephemeral range, that outgoing connections take their ports from there (a config's ports there fail now and then).
 */
export function describeListenError(err: unknown, host: string, port: number, lookups: PortLookups = {}): string {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'EADDRINUSE' ? portInUseText(port, lookups) : code === 'EADDRNOTAVAIL'
        ? 'that address is not on this machine'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'ENOTFOUND'
            ? 'the host name does not resolve to an address'
            : code === 'EAI_AGAIN'
              ? 'the host name could not be looked up (no answer from DNS)'
              : (err as Error).message;
  return `cannot listen on ${host}:${port}: ${why}`;
}

/** What the line says of a port in the ephemeral range (preflight then adds no remedy of its own). */
export const EPHEMERAL_RANGE_WORDS = "this host's ephemeral range";

function portInUseText(port: number, { holder = portHolder, connection = portConnection, ephemeral = ephemeralPortRange() }: PortLookups): string {
  const held = holder(port);
  if (held) return `the port is already in use by ${portHolderText(held)}`;
  const local = connection(port);
  const inRange = ephemeral && port >= ephemeral[0] && port <= ephemeral[1];
  const range = inRange
    ? `; ports ${ephemeral[0]}-${ephemeral[1]} are ${EPHEMERAL_RANGE_WORDS}, from which every outgoing connection (a run's own among them) takes its local port: give the machines ports below ${ephemeral[0]}`
    : '';
  return `${local ? `the port is already in use by ${portConnectionText(local)}` : 'the port is already in use (by another program, or by a run still going)'}${range}`;
}
