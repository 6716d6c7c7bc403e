// A peer that stops reading costs a machine a bounded amount of memory: the link drops the connection and dials again.
import { once } from 'node:events';
import { PeerLink } from '../../src/net/peer-link.js';
import { afterTest } from '../helpers/cleanup.js';
import { testServer } from '../helpers/test-server.js';
import { waitUntil } from '../helpers/wait.js';

describe('a peer that stops reading', () => {
  test('the link drops the connection once its unsent bytes pass the limit, says why, and dials again', async () => {
    let connections = 0;
    // The peer accepts but never reads (a stopped process): the kernel's buffers fill, then the link's own.
    const { port } = await testServer((socket) => {
      connections++;
      socket.pause();
    });
    const limit = 64 * 1024;
    const link = new PeerLink(1, 2, { host: '127.0.0.1', port }, undefined, limit);
    afterTest(() => link.close(1000));
    const reasons: string[] = [];
    link.on('stalled', (why) => reasons.push(why));
    const downs: number[] = [];
    link.on('down', () => downs.push(connections));
    const up = once(link, 'up');
    link.start();
    await up;

    const chunk = 'clock:1\n'.repeat(2048); // 16 KiB
    let written = 0;
    while (link.connected && written < 100_000) {
      expect(link.write(chunk)).toBe(true);
      written++;
    }
    expect(link.connected).toBe(false);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/^stopped reading \([\d,]+ bytes unsent\): connection dropped, dialing again$/);
    const unsent = Number(/\(([\d,]+) bytes/.exec(reasons[0]!)![1]!.replace(/,/g, ''));
    expect(unsent).toBeGreaterThan(limit);
    expect(unsent).toBeLessThanOrEqual(limit + chunk.length);
    // Down at once, so the caller logs the next sends as dropped: a write now sends nothing.
    expect(downs).toEqual([1]);
    expect(link.write('clock:2\n')).toBe(false);

    // The link dials again after its backoff, and the peer's second connection is up.
    const again = once(link, 'up');
    await again;
    await waitUntil(() => connections === 2, 'the second connection to be accepted');
    expect(downs).toEqual([1]);
  });
});
