// A connection whose local end holds a TCP port, read from Linux's /proc: why a port nothing listens on cannot be bound
// (an outgoing connection given it as its local port, closed moments ago and still in TIME-WAIT).
import { TCP_LISTEN, tcpSocketsOn } from './tcp-sockets.js';

/** /proc/net/tcp's state codes, but LISTEN (0A: that is a listener, port-holder.ts), in the words of RFC 793. */
const STATES: Record<string, string> = {
  '01': 'ESTABLISHED',
  '02': 'SYN-SENT',
  '03': 'SYN-RECEIVED',
  '04': 'FIN-WAIT-1',
  '05': 'FIN-WAIT-2',
  '06': 'TIME-WAIT',
  '07': 'CLOSED',
  '08': 'CLOSE-WAIT',
  '09': 'LAST-ACK',
  '0B': 'CLOSING',
};

/** A connection on the port: the port at its other end and its state. */
export interface PortConnection {
  remotePort: number;
  state: string;
}

/**
 * The first connection whose local port is `port`, from /proc/net/tcp and tcp6, when nothing listens on it; undefined
 * when none, or when something listens (its accepted connections have that local port too: the listener is the cause,
 * even one port-holder.ts cannot name, another user's).
 */
export function portConnection(port: number, proc = '/proc'): PortConnection | undefined {
  const rows = tcpSocketsOn(port, proc);
  if (rows.some((row) => row.state === TCP_LISTEN)) return undefined;
  const row = rows.find((r) => STATES[r.state]);
  return row && { remotePort: row.remotePort, state: STATES[row.state]! };
}

/** `the local end of a connection to port 48005 (TIME-WAIT, which ends within a minute)`. */
export function portConnectionText(c: PortConnection): string {
  const until = c.state === 'TIME-WAIT' ? ', which ends within a minute' : c.state === 'ESTABLISHED' ? ', until it closes' : '';
  return `the local end of a connection to port ${c.remotePort} (${c.state}${until})`;
}
