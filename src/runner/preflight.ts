// Checks before spawning anything that every configured port can be bound, so a busy port is one clear error.
import net from 'node:net';
import type { Config } from '../config/schema.js';
import { machineIds, machineEntryOf } from '../config/schema.js';
import { UsageError } from '../config/errors.js';
import { describeListenError } from '../net/listen-error.js';

function tryListen(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve()));
  });
}

/** Throws a UsageError naming the first machine whose host and port cannot be bound. */
export async function checkPortsFree(config: Config): Promise<void> {
  for (const id of machineIds(config)) {
    const { host, port } = machineEntryOf(config, id);
    try {
      await tryListen(host, port);
    } catch (err) {
      // The usual cause is config.json's ports taken by another run: a config of one's own runs beside it.
      const other = (err as NodeJS.ErrnoException).code === 'EADDRINUSE' ? '; to run beside it, give a config with other ports (-c my.json)' : '';
      throw new UsageError(`machine ${id}: ${describeListenError(err, host, port)}${other}`);
    }
  }
}
