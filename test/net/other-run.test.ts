// Run tokens end to end on real sockets: a link whose hello names another run than the machine it reaches is told so,
// goes down and sends nothing more while that connection lasts; the machine reads nothing of it.
import { once } from 'node:events';
import { PeerLink } from '../../src/net/peer-link.js';
import { MachineServer } from '../../src/net/server.js';
import { afterTest } from '../helpers/cleanup.js';
import { waitUntil } from '../helpers/wait.js';

const HOST = '127.0.0.1';

async function server(runToken: string) {
  const seen = { frames: [] as [number | null, number][], warnings: [] as string[] };
  const s = await MachineServer.listen({
    host: HOST,
    port: 0,
    maxLineLength: 128,
    knownIds: new Set([1, 3]),
    runToken,
    handlers: {
      onMessages: (from, clocks, count) => {
        for (let i = 0; i < count; i++) seen.frames.push([from, clocks[i]!]);
      },
      onWarn: (w) => seen.warnings.push(w),
    },
  });
  afterTest(() => s.drain(0));
  return { server: s, seen };
}

test("a link into another run's machine: up, then down once told (said once), its writes refused, no redial while that connection lasts", async () => {
  const { server: s, seen } = await server('theirs01');
  const link = new PeerLink(1, 2, { host: HOST, port: s.port }, { runToken: 'ours0001' });
  afterTest(() => link.close(0));
  const events: string[] = [];
  link.on('up', () => events.push('up'));
  link.on('down', () => events.push('down'));
  link.on('otherRun', (run) => events.push(`otherRun ${run}`));
  const told = once(link, 'otherRun');
  link.start();
  await told;
  expect(events).toEqual(['up', 'down', 'otherRun theirs01']);
  expect(link.connected).toBe(false);
  // What the caller would send now is refused (recorded as dropped), and nothing reached the machine.
  expect(link.write('clock:7\n')).toBe(false);
  expect(seen.frames).toEqual([]);
  expect(seen.warnings).toEqual([
    expect.stringMatching(/^hello as machine 1 of another run \(run token ours0001; this run's is theirs01\) from 127\.0\.0\.1:\d+: nothing it sends is read \(another run on this host given the same ports or faultPorts, or a machine given another --run-token\?\)$/),
  ]);
  // The connection stays open on both sides: one connection, no redial.
  expect(s.connectionCount).toBe(1);
  expect(link.waitingToRedial).toBe(false);
});

test("a link whose token is the machine's own: up, and its frames read as that machine's", async () => {
  const { server: s, seen } = await server('same0001');
  const link = new PeerLink(3, 2, { host: HOST, port: s.port }, { runToken: 'same0001' });
  afterTest(() => link.close(0));
  const up = once(link, 'up');
  link.start();
  await up;
  expect(link.write('clock:7\n')).toBe(true);
  await waitUntil(() => seen.frames.length === 1, 'the frame');
  expect([seen.frames, seen.warnings, link.connected]).toEqual([[[3, 7]], [], true]);
});
