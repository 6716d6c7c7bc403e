// One fault proxy per directed link between machines: the address each machine dials for each peer, and plan steps applied.
import type { FaultStep } from './plan.js';
import { FaultProxy, type FaultProxyOptions } from './proxy.js';
import { mixSeed } from './random.js';
import { linkName } from './selectors.js';
import { faultPortsShortfall, portsIn, proxyPortCandidates } from './proxy-ports.js';

export interface Address {
  host: string;
  port: number;
}

export interface LinkProxiesOptions {
  /** Each machine's real listening address (from the config), by id. */
  machines: ReadonlyMap<number, Address>;
  /** Where the proxies listen, each on a free port. Default 127.0.0.1. */
  listenHost?: string;
  /** Seeds every link's draws (jitter, slice sizes): the schedule's seed, or the run's. */
  seed: number;
  /** Ports to try for the proxies, in order (default: proxyPortCandidates); once they run out, port 0. */
  ports?: Iterable<number>;
  /** config.json's faultPorts: the proxies listen in [first, last] only, and fail when its ports run out. */
  portRange?: readonly [number, number] | null;
  /** Where in portRange the proxies start (portsIn): a draw in [0, 1). Default Math.random. */
  random?: () => number;
}

/**
 * Proxy(from -> to) carries what `from` sends to `to`: machine `from` dials it instead of `to`'s own address.
 * A link is down while a schedule step holds it down or while its receiver is killed (dials to a dead machine are
 * refused, as they would be without the proxy, instead of being accepted by the proxy and then closed).
 */
export class LinkProxies {
  private readonly scheduledDown = new Set<string>();
  private readonly dead = new Set<number>();

  private constructor(private readonly proxies: ReadonlyMap<string, { from: number; to: number; proxy: FaultProxy }>) {}

  /**
   * Starts a proxy for every ordered pair of distinct machines, each on a free port below the ephemeral range where
   * there is one (see proxyPortCandidates), never on a machine's own port; if one fails to start, closes the others and
   * rejects with its error (EMFILE, ...).
   */
  static async start(options: LinkProxiesOptions): Promise<LinkProxies> {
    const ids = [...options.machines.keys()].sort((a, b) => a - b);
    const pairs = ids.flatMap((from) => ids.filter((to) => to !== from).map((to) => [from, to] as const));
    const machinePorts = new Set([...options.machines.values()].map((m) => m.port));
    const range = options.portRange ?? null;
    const shortfall = range ? faultPortsShortfall(range, machinePorts, ids.length) : null;
    if (shortfall) throw new Error(shortfall);
    const ports = (range ? portsIn(range, machinePorts, options.random ?? Math.random) : (options.ports ?? proxyPortCandidates(machinePorts)))[Symbol.iterator]();
    const confined = range ? `faultPorts [${range[0]}, ${range[1]}]` : null;
    const proxies = new Map<string, { from: number; to: number; proxy: FaultProxy }>();
    try {
      for (const [from, to] of pairs) {
        const target = options.machines.get(to)!;
        const proxy = await startOnFreePort(ports, machinePorts, confined, pairs.length, {
          listenHost: options.listenHost ?? '127.0.0.1',
          targetHost: target.host,
          targetPort: target.port,
          seed: mixSeed(options.seed, from, to),
        });
        proxies.set(linkName([from, to]), { from, to, proxy });
      }
    } catch (err) {
      await Promise.all([...proxies.values()].map(({ proxy }) => proxy.close()));
      throw err;
    }
    return new LinkProxies(proxies);
  }

  /** The proxy carrying `from` -> `to`. */
  proxy(from: number, to: number): FaultProxy {
    const entry = this.proxies.get(linkName([from, to]));
    if (!entry) throw new Error(`no link ${from}->${to}`);
    return entry.proxy;
  }

  /** The address machine `from` dials to reach machine `to`. */
  dialAddress(from: number, to: number): Address {
    const proxy = this.proxy(from, to);
    return { host: proxy.host, port: proxy.port };
  }

  /** Every peer address machine `from` dials, by peer id. */
  peerAddresses(from: number): Map<number, Address> {
    const peers = new Map<number, Address>();
    for (const { from: f, to } of this.proxies.values()) if (f === from) peers.set(to, this.dialAddress(from, to));
    return peers;
  }

  /**
   * Applies one step of a plan: adds or removes a toxic, takes a link down or up; for kill/restart it only refuses
   * or again accepts dials to that machine (the caller kills and restarts the process). Call apply(restart) once the
   * restarted machine listens, or peers that dial in between are accepted and closed.
   */
  async apply(step: FaultStep): Promise<void> {
    switch (step.action) {
      case 'add': {
        const { name, ...toxic } = step.toxic;
        this.proxy(...step.link).addToxic(name, toxic);
        return;
      }
      case 'remove':
        this.proxy(...step.link).removeToxic(step.toxic.name);
        return;
      case 'down':
        this.scheduledDown.add(linkName(step.link));
        return this.sync([linkName(step.link)]);
      case 'up':
        this.scheduledDown.delete(linkName(step.link));
        return this.sync([linkName(step.link)]);
      case 'kill':
        this.dead.add(step.machine);
        return this.sync(this.linksInto(step.machine));
      case 'restart':
        this.dead.delete(step.machine);
        return this.sync(this.linksInto(step.machine));
    }
  }

  /** Closes every proxy and its connections. */
  async close(): Promise<void> {
    await Promise.all([...this.proxies.values()].map(({ proxy }) => proxy.close()));
  }

  /** The names of the links into machine `id`. */
  private linksInto(id: number): string[] {
    return [...this.proxies].filter(([, { to }]) => to === id).map(([name]) => name);
  }

  /**
   * Brings the down state of the proxies a step touches (its link, or the links into its machine) in line with the
   * schedule and the dead machines. Only those: a `*` fault on a 50-machine mesh is 2,450 steps, and syncing every
   * proxy at each made it O(links^2), seconds late.
   */
  private async sync(names: readonly string[]): Promise<void> {
    await Promise.all(
      names.map((name) => {
        const { to, proxy } = this.proxies.get(name)!;
        return proxy.setDown(this.scheduledDown.has(name) || this.dead.has(to));
      }),
    );
  }
}

/**
 * A proxy on the next free port of `ports` (skipping those in use or not allowed), or on port 0 once they run out:
 * a port 0 pick that is a machine's own port is kept (so it is not picked again) until another port is found.
 */
async function startOnFreePort(
  ports: Iterator<number>,
  machinePorts: ReadonlySet<number>,
  confined: string | null,
  needed: number,
  options: Omit<FaultProxyOptions, 'listenPort'>,
): Promise<FaultProxy> {
  const held: FaultProxy[] = [];
  try {
    for (;;) {
      const next = ports.next();
      if (next.done && confined) {
        throw new Error(`${confined} ran out of free ports: the fault proxies need ${needed} (one per direction of each link), and other programs listen on some of its ports (on a shared host, maybe another run given the same range); give this run a range of its own, or a wider one`);
      }
      const listenPort = next.done ? 0 : next.value;
      try {
        const proxy = await FaultProxy.start({ ...options, listenPort });
        if (!machinePorts.has(proxy.port)) return proxy;
        held.push(proxy);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (listenPort === 0 || (code !== 'EADDRINUSE' && code !== 'EACCES')) throw err;
      }
    }
  } finally {
    await Promise.all(held.map((proxy) => proxy.close()));
  }
}
