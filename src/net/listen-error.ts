// Why a machine could not listen on its address, as one line a user can act on.
import { portHolder, portHolderText, type PortHolder } from './port-holder.js';

/**
 * A listen error as one line a user can act on; a port in use names the process holding it when /proc says
 * (`holder`: port-holder.ts, or none to leave it unnamed).
 */
export function describeListenError(err: unknown, host: string, port: number, holder: (port: number) => PortHolder | undefined = portHolder): string {
  const code = (err as NodeJS.ErrnoException).code;
  const held = code === 'EADDRINUSE' ? holder(port) : undefined;
  const why =
    code === 'EADDRINUSE'
      ? held
        ? `the port is already in use by ${portHolderText(held)}`
        : 'the port is already in use (by another program, or by a run still going)'
      : code === 'EADDRNOTAVAIL'
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
