// Checks before spawning anything that every configured port can be bound, so a busy port is one clear error.
import net from 'node:net';
import type { Config } from '../config/schema.js';
import { machineIds, machineEntryOf } from '../config/schema.js';
import { UsageError } from '../config/errors.js';
import { describeListenError, EPHEMERAL_RANGE_WORDS } from '../net/listen-error.js';

/** A listener of the check, held open while the other machines' ports are checked. */
interface Held {
  id: number;
  host: string;
  port: number;
  server: net.Server;
}

function listen(host: string, port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => resolve(server));
  });
}

const close = (server: net.Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

async function tryListen(host: string, port: number): Promise<void> {
  await close(await listen(host, port));
}

/**
 * Throws a UsageError naming the first machine whose host and port cannot be bound. Machines of the config that share
 * a port (on different hosts, as the config check allows) keep their listeners open until the end: a host name that
 * is this computer too (its name in /etc/hosts), or 0.0.0.0 beside 127.0.0.2, then clashes with the other machine's
 * listener, and the error names that machine.
 */
export async function checkPortsFree(config: Config, configFile?: string): Promise<void> {
  const ids = machineIds(config);
  const portUses = new Map<number, number>();
  for (const id of ids) {
    const { port } = machineEntryOf(config, id);
    portUses.set(port, (portUses.get(port) ?? 0) + 1);
  }
  const held: Held[] = [];
  try {
    for (const id of ids) {
      const { host, port } = machineEntryOf(config, id);
      try {
        const server = await listen(host, port);
        if ((portUses.get(port) ?? 0) > 1) held.push({ id, host, port, server });
        else await close(server);
      } catch (err) {
        throw new UsageError(`machine ${id}: ${await whyNotBound(err, host, port, held, configFile)}`);
      }
    }
  } finally {
    await Promise.all(held.map((h) => close(h.server)));
  }
}

/**
 * Why `host:port` could not be bound: the held listener of another machine on that port, if it binds once those are
 * closed. `configFile`: the config the user named (-c), whose ports to change; else one of their own is suggested.
 */
async function whyNotBound(err: unknown, host: string, port: number, held: Held[], configFile?: string): Promise<string> {
  const code = (err as NodeJS.ErrnoException).code;
  const same = held.filter((h) => h.port === port);
  if (code === 'EADDRINUSE' && same.length > 0) {
    await Promise.all(same.map((h) => close(h.server)));
    for (const h of same) held.splice(held.indexOf(h), 1);
    const bound = await tryListen(host, port).then(
      () => true,
      () => false,
    );
    if (bound) {
      const them = same.map((h) => `machine ${h.id} on ${h.host}:${port}`).join(' or ');
      return `cannot listen on ${host}:${port} beside ${them} (the two hosts are one address here, or one of them is every address): give each machine its own port`;
    }
  }
  // The usual cause is config.json's ports taken by another run: a config of one's own runs beside it.
  const remedy = configFile ? `give the machines of ${configFile} other ports` : 'give a config with other ports (-c my.json)';
  const line = describeListenError(err, host, port);
  // A port held by a passing connection's local end already says what to give the machines (ports below the range).
  const other = code === 'EADDRINUSE' && !line.includes(EPHEMERAL_RANGE_WORDS) ? `; to run beside it, ${remedy}` : '';
  return `${line}${other}`;
}
