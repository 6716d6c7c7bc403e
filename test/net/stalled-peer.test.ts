// A peer that stops reading costs a machine a bounded amount of memory: its link says so, stays up, and says when it reads again.
import { once } from 'node:events';
import type net from 'node:net';
import { PeerLink } from '../../src/net/peer-link.js';
import { MachineCore } from '../../src/core/machine.js';
import { afterTest } from '../helpers/cleanup.js';
import { testServer } from '../helpers/test-server.js';

describe('a peer that stops reading', () => {
  test("the link says 'stalled' once its unsent bytes pass the limit, keeps its one connection, and says 'reading' when the peer reads it all", async () => {
    const accepted: net.Socket[] = [];
    let received = 0;
    // The peer accepts but does not read (a stopped process): the kernel's buffers fill, then the link's own.
    const { port } = await testServer((socket) => {
      accepted.push(socket);
      socket.pause();
      socket.on('data', (chunk: Buffer) => (received += chunk.length));
    });
    const limit = 64 * 1024;
    const link = new PeerLink(1, 2, { host: '127.0.0.1', port }, { stalledBytes: limit });
    afterTest(() => link.close(1000));
    const reasons: string[] = [];
    link.on('stalled', (why) => reasons.push(why));
    const up = once(link, 'up');
    link.start();
    await up;

    const chunk = 'clock:1\n'.repeat(2048); // 16 KiB
    let written = 0;
    while (reasons.length === 0 && written < 256 * 1024 * 1024) {
      expect(link.write(chunk)).toBe(true);
      written += chunk.length;
    }
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/^stopped reading \([\d,]+ bytes unsent\): sends to it are dropped until it reads again$/);
    const unsent = Number(/\(([\d,]+) bytes/.exec(reasons[0]!)![1]!.replace(/,/g, ''));
    expect(unsent).toBeGreaterThan(limit);
    expect(unsent).toBeLessThanOrEqual(limit + chunk.length);
    // Said once: a write past the limit again says nothing more, and the link stays up on its one connection.
    link.write(chunk);
    expect(reasons).toHaveLength(1);
    expect(link.connected).toBe(true);

    // The peer reads again: everything written arrives, in one connection, and the link says so.
    const reading = once(link, 'reading');
    accepted[0]!.resume();
    await reading;
    written += chunk.length;
    expect(accepted).toHaveLength(1);
    expect(link.connected).toBe(true);
    const helloBytes = 'hello:1\n'.length;
    if (received < written + helloBytes) await new Promise<void>((resolve) => accepted[0]!.on('data', () => received >= written + helloBytes && resolve()));
    expect(received).toBe(written + helloBytes);
  });

  test('the core drops sends to a stalled peer, the link staying up, until it reads again', () => {
    // internalProbability 0: every tick with an empty queue is a send; with one peer, to it.
    const core = new MachineCore({ id: 1, peers: [2], rate: 1, internalProbability: 0, seed: 1 });
    core.handlePeerUp(2, 0);
    const send = (now: number) => {
      const r = core.handleTick(now, 0.5);
      return r.event === 'send' ? { to: r.to, dropped: r.dropped } : r.event;
    };
    expect(send(1)).toEqual({ to: [2], dropped: [] });
    core.peerStalled(2);
    expect(send(2)).toEqual({ to: [], dropped: [2] });
    expect(core.isConnected(2)).toBe(true);
    core.peerReading(2);
    expect(send(3)).toEqual({ to: [2], dropped: [] });
    // A link that goes down forgets the stall: its next connection starts afresh.
    core.peerStalled(2);
    core.handlePeerDown(2, 4);
    core.handlePeerUp(2, 5);
    expect(send(6)).toEqual({ to: [2], dropped: [] });
  });
});
