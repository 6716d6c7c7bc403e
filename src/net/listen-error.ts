// Why a machine could not listen on its address, as one line a user can act on.

/** A listen error as one line a user can act on. */
export function describeListenError(err: unknown, host: string, port: number): string {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === 'EADDRINUSE'
      ? 'the port is already in use (by another program, or by a run still going)'
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
