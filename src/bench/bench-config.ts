// Config files for benchmark runs: as many machines as asked, each on a loopback port that was free a moment ago.
import net from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `count` distinct free ports: listens on port 0 that many times at once, reads the ports, closes. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** Writes `<dir>/<name>` with `count` machines on free loopback ports plus the given settings; returns its path. */
export async function writeBenchConfig(dir: string, name: string, count: number, settings: Record<string, unknown> = {}): Promise<string> {
  const ports = await freePorts(count);
  const machines = Object.fromEntries(ports.map((port, i) => [String(i + 1), { host: '127.0.0.1', port }]));
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ machines, ...settings }, null, 2) + '\n');
  return file;
}
