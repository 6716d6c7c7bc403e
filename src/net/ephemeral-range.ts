// The kernel's ephemeral port range: the ports it hands out for port 0 and to every outgoing connection's local end.
import { readFileSync } from 'node:fs';

/** The range [low, high] from /proc/sys/net/ipv4/ip_local_port_range; null where that file cannot be read (not Linux). */
export function ephemeralPortRange(file = '/proc/sys/net/ipv4/ip_local_port_range'): [number, number] | null {
  try {
    const [low, high] = readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
    return Number.isInteger(low) && Number.isInteger(high) ? [low!, high!] : null;
  } catch {
    return null;
  }
}
