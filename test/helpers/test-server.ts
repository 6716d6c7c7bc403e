// A plain TCP server for a test, listening on 127.0.0.1, closed after the test (its sockets destroyed) even if it fails.
import net from 'node:net';
import { once } from 'node:events';
import { afterTest } from './cleanup.js';

/** A listening server whose connections are kept in `sockets`; the test may close it itself, or leave that to afterTest. */
export interface TestServer {
  server: net.Server;
  sockets: Set<net.Socket>;
  port: number;
  /** Destroys every connection and resolves once the server is closed; safe to call again. */
  close(): Promise<void>;
}

/** Listens on `port` (0: a free one) with `onConnection` for each socket (an error destroys it); closed after the test. */
export async function testServer(onConnection: (socket: net.Socket) => void = (s) => s.resume(), port = 0): Promise<TestServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  const close = async () => {
    for (const s of sockets) s.destroy();
    if (server.listening) await new Promise((resolve) => server.close(resolve));
  };
  afterTest(close);
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return { server, sockets, port: (server.address() as net.AddressInfo).port, close };
}
