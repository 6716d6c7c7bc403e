// Run tokens end to end on real sockets: a link whose hello names another run than the machine it reaches is told so,
// goes down and sends nothing more while that connection lasts; the machine reads nothing of it.
import net from 'node:net';
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

test('what a peer sends back beyond its first other-run line is not read: one warning, whatever else comes', async () => {
  // A peer that answers the hello with a flood of other-run lines, each a new token, and closes.
  let connections = 0;
  const flood = net.createServer((socket) => {
    connections++;
    socket.on('error', () => {});
    socket.resume();
    socket.end(Array.from({ length: 5000 }, (_, i) => `other-run:t${i}\n`).join(''));
  });
  flood.listen(0, HOST);
  await once(flood, 'listening');
  afterTest(() => new Promise<void>((resolve) => flood.close(() => resolve())));
  const link = new PeerLink(1, 2, { host: HOST, port: (flood.address() as net.AddressInfo).port }, { runToken: 'ours0001' });
  afterTest(() => link.close(0));
  const said: string[] = [];
  link.on('otherRun', (run) => said.push(run));
  link.start();
  // The link redials only once the first connection closed, after it had taken in all of that flood.
  await waitUntil(() => connections === 2, 'the link to dial again');
  expect(said).toEqual(['t0']);
});

test("a config's shortest line limit (16) still takes a hello with its run token; another run's connection does not hold up the stop", async () => {
  const seen = { hellos: [] as number[], warnings: [] as string[] };
  const s = await MachineServer.listen({
    host: HOST,
    port: 0,
    maxLineLength: 16,
    knownIds: new Set([10, 11]),
    runToken: 'abcdef12',
    handlers: { onMessages: () => {}, onWarn: (w) => seen.warnings.push(w), onHello: (id) => seen.hellos.push(id) },
  });
  const own = net.connect(s.port, HOST);
  own.on('error', () => {});
  afterTest(() => own.destroy());
  await once(own, 'connect');
  own.write('hello:10:abcdef12\n');
  const other = net.connect(s.port, HOST);
  other.on('error', () => {});
  afterTest(() => other.destroy());
  await once(other, 'connect');
  other.resume();
  other.write('hello:11:fedcba21\n');
  await waitUntil(() => seen.hellos.length === 1 && seen.warnings.length === 1, 'both hellos');
  expect(seen.hellos).toEqual([10]);
  expect(seen.warnings[0]).toMatch(/^hello as machine 11 of another run \(run token fedcba21; this run's is abcdef12\)/);
  // Our machine ends its side as it stops; the other run's never would: it is closed at once, not after the grace.
  own.end();
  const started = performance.now();
  await Promise.all([s.drain(30_000), once(other, 'close')]);
  expect(performance.now() - started).toBeLessThan(10_000);
});
