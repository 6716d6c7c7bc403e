// Ports for tests: the bench's freePorts (listen on port 0, read the port, close), one port of it, and runs of consecutive ports.
import net from 'node:net';
import { freePorts } from '../../src/bench/bench-config.js';

export { freePorts };

/** A port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}

/** Whether `port` on 127.0.0.1 can be listened on now. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * The first of `count` consecutive ports free a moment ago, for --machines (ports from the config's first machine's):
 * from 20000 to 29999, below the kernel's ephemeral range, where no outgoing connection takes a port meanwhile.
 */
export async function freeConsecutivePorts(count: number): Promise<number> {
  for (;;) {
    const first = 20000 + Math.floor(Math.random() * (10000 - count));
    let free = true;
    for (let port = first; free && port < first + count; port++) free = await canListen(port);
    if (free) return first;
  }
}
