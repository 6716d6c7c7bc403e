// start-all's check that every machine's port can be bound, before anything starts: a busy port, and two machines of one config on one address.
import net from 'node:net';
import { parseConfig } from '../../src/config/load.js';
import { checkPortsFree } from '../../src/runner/preflight.js';

/** A port free on 127.0.0.2 a moment ago (the kernel's pick for port 0). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.2', port: 0 }, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const config = (machines: Record<string, { host: string; port: number }>) => parseConfig({ machines }, 'test config');

/** Whether `host:port` can be bound now (the check left no listener open). */
async function bindable(host: string, port: number): Promise<boolean> {
  const server = net.createServer();
  const ok = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => resolve(true));
  });
  if (ok) await new Promise<void>((resolve) => server.close(() => resolve()));
  return ok;
}

describe('checkPortsFree', () => {
  test('two machines whose hosts pass the config check but are one listening address: the error names the other machine', async () => {
    const port = await freePort();
    // 0.0.0.0 is every address, 127.0.0.2 one of them: the config check sees two hosts, the kernel one port.
    const c = config({ '1': { host: '127.0.0.2', port }, '2': { host: '0.0.0.0', port } });
    await expect(checkPortsFree(c)).rejects.toThrow(
      `machine 2: cannot listen on 0.0.0.0:${port} beside machine 1 on 127.0.0.2:${port} (the two hosts are one address here, or one of them is every address): give each machine its own port`,
    );
    expect(await bindable('0.0.0.0', port)).toBe(true);
  });

  test('a port another program holds: said as busy, with how to run beside it', async () => {
    const other = net.createServer();
    await new Promise<void>((resolve) => other.listen({ host: '127.0.0.2', port: 0 }, resolve));
    const { port } = other.address() as net.AddressInfo;
    try {
      const c = config({ '1': { host: '127.0.0.2', port: await freePort() }, '2': { host: '127.0.0.2', port } });
      await expect(checkPortsFree(c)).rejects.toThrow(/^machine 2: .*; to run beside it, give a config with other ports \(-c my\.json\)$/);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  test('machines sharing a port on two addresses that do not clash pass, and no listener is left open', async () => {
    const port = await freePort();
    const c = config({ '1': { host: '127.0.0.2', port }, '2': { host: '127.0.0.3', port } });
    await expect(checkPortsFree(c)).resolves.toBeUndefined();
    expect(await bindable('127.0.0.2', port)).toBe(true);
    expect(await bindable('127.0.0.3', port)).toBe(true);
  });
});
