// A link waiting out its backoff dials at once when told the peer is up, and the server says which known peer is up.
import net from 'node:net';
import { once } from 'node:events';
import { PeerLink } from '../../src/net/peer-link.js';
import { Backoff } from '../../src/net/backoff.js';
import { MachineServer } from '../../src/net/server.js';
import { afterTest } from '../helpers/cleanup.js';
import { freePort } from '../helpers/ports.js';
import { testServer } from '../helpers/test-server.js';
import { waitUntil } from '../helpers/wait.js';

const HOST = '127.0.0.1';

describe('redialing a peer that is known to be up', () => {
  test('redialNow() connects a link that would otherwise wait a minute before its next attempt', async () => {
    const port = await freePort();
    // Nothing listens yet: the first attempt is refused and the next one is a minute away.
    const link = new PeerLink(1, 2, { host: HOST, port }, { backoff: new Backoff(60_000, 60_000) });
    afterTest(() => link.close(1000));
    link.start();
    await waitUntil(() => link.waitingToRedial, 'the first attempt to be refused');
    await testServer(undefined, port);
    const up = once(link, 'up');
    link.redialNow();
    await up;
    expect(link.connected).toBe(true);
  });

  test('redialNow() leaves a connected link alone', async () => {
    const { port, sockets } = await testServer();
    const link = new PeerLink(1, 2, { host: HOST, port });
    afterTest(() => link.close(1000));
    const up = once(link, 'up');
    link.start();
    await up;
    link.redialNow();
    expect(link.connected).toBe(true);
    // A probe dialled after redialNow() is accepted after any dial redialNow() made: then the link's one connection
    // and the probe are all the server has.
    const probe = net.connect(port, HOST);
    probe.on('error', () => {});
    afterTest(() => probe.destroy());
    await waitUntil(() => [...sockets].some((s) => s.remotePort === probe.localPort), 'the probe to be accepted');
    expect(sockets.size).toBe(2);
  });

  test('the server reports a hello from a known machine, not from an unknown one', async () => {
    const hellos: number[] = [];
    const warnings: string[] = [];
    const server = await MachineServer.listen({
      host: HOST,
      port: 0,
      maxLineLength: 64,
      knownIds: new Set([2, 3]),
      handlers: { onMessages: () => {}, onWarn: (w) => warnings.push(w), onHello: (id) => hellos.push(id) },
    });
    afterTest(() => server.drain(0));
    for (const line of ['hello:3\nclock:1\n', 'hello:9\n']) {
      const socket = net.connect({ host: HOST, port: server.port });
      afterTest(() => socket.destroy());
      await once(socket, 'connect');
      socket.end(line);
      await once(socket, 'close');
    }
    await server.drain(1000);
    expect(hellos).toEqual([3]);
    expect(warnings).toEqual([expect.stringContaining('hello as machine 9, not a peer of this machine')]);
  });
});
