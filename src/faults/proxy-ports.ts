// Where the fault proxies listen: below the kernel's ephemeral port range, so a proxy's port, free while its link is down.
import { ephemeralPortRange } from '../net/ephemeral-range.js';

/** The lowest port proxies use: below it are the well-known and much-used ports (1024-9999). */
const LOWEST = 10000;

/**
 * Ports to try, in order, for the proxies: every port from LOWEST up to the ephemeral range's start, beginning at a
 * random one (two runs at once rarely try the same ports) and wrapping around, without the ports in `avoid` (the
 * machines' own). A down link stops listening (a dial to it is refused, as to a machine that is not there) and listens
 * again on its port when it comes back up: a port inside the ephemeral range could meanwhile be taken by any outgoing
 * connection (the machines' own dials among them), or by another program listening on port 0. None when the range is
 * unknown or starts too low to leave room: the proxies then listen on port 0.
 */
export function* proxyPortCandidates(avoid: ReadonlySet<number>, range = ephemeralPortRange(), random = Math.random): Generator<number> {
  if (!range || range[0] - LOWEST < 1000) return;
  const count = range[0] - LOWEST;
  const start = Math.floor(random() * count);
  for (let i = 0; i < count; i++) {
    const port = LOWEST + ((start + i) % count);
    if (!avoid.has(port)) yield port;
  }
}

/**
 * Every port of config.json's `faultPorts` [first, last], without the ports in `avoid` (the machines' own): in order, or,
 * given `random`, from a random one on and wrapping around. Two runs given overlapping ranges on one host (a class on a
 * shared server) then rarely take the same ports: from the range's first port on, a run started while another's link
 * was down would take the port that link gives back, and the other run's machines, dialling it again, would reach
 * this run's machines.
 */
export function* portsIn([first, last]: readonly [number, number], avoid: ReadonlySet<number>, random?: () => number): Generator<number> {
  const count = last - first + 1;
  const start = random ? Math.floor(random() * count) : 0;
  for (let i = 0; i < count; i++) {
    const port = first + ((start + i) % count);
    if (!avoid.has(port)) yield port;
  }
}

/**
 * `faultPorts [22304, 22308] has 5 ports for the fault proxies, but 3 machines need 6 (...)` when the range leaves
 * fewer ports beside the machines' own than there are directed links, else null.
 */
export function faultPortsShortfall(range: readonly [number, number], machinePorts: ReadonlySet<number>, machines: number): string | null {
  const room = [...portsIn(range, machinePorts)].length;
  const needed = machines * (machines - 1);
  if (room >= needed) return null;
  const own = range[1] - range[0] + 1 - room;
  const left = own ? `, leaving out the machines' own ${own === 1 ? 'port' : `${own} ports`} in it` : '';
  return `faultPorts [${range[0]}, ${range[1]}] has ${room} ports for the fault proxies${left}, but ${machines} machines need ${needed} (one per direction of each link)`;
}
