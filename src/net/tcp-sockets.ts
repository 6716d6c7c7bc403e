// The TCP sockets Linux lists in /proc/net/tcp and tcp6, one row each: for saying who holds a port.
import { readFileSync } from 'node:fs';

/** The state code of a listening socket. */
export const TCP_LISTEN = '0A';

/** A socket's row: its local and remote ports, its state code (`0A` is LISTEN, `06` TIME-WAIT) and its inode. */
export interface TcpSocketRow {
  localPort: number;
  remotePort: number;
  state: string;
  inode: string;
}

/** The rows of /proc/net/tcp and tcp6 whose local port is `port` (none where those files cannot be read). */
export function tcpSocketsOn(port: number, proc = '/proc'): TcpSocketRow[] {
  const rows: TcpSocketRow[] = [];
  for (const table of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = readFileSync(`${proc}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, remote, state, , , , , , inode] = line.trim().split(/\s+/);
      const localPort = parseInt(local?.split(':').at(-1) ?? '', 16);
      if (localPort !== port || state === undefined) continue;
      rows.push({ localPort, remotePort: parseInt(remote?.split(':').at(-1) ?? '0', 16), state, inode: inode ?? '' });
    }
  }
  return rows;
}
