// Who an inbound connection speaks for (one open connection per known machine, a restart's new connection taking
// over), and who makes room at the connection limit: real sockets against a MachineServer on port 0.
import net from 'node:net';
import { once } from 'node:events';
import { MachineServer } from '../../src/net/server.js';
import { afterTest } from '../helpers/cleanup.js';
import { waitUntil } from '../helpers/wait.js';

const HOST = '127.0.0.1';

/** A server for known machines 2 and 3 that records what its handlers are told. */
async function server(extra: { maxConnections?: number; runToken?: string } = {}) {
  const seen = { hellos: [] as number[], warnings: [] as string[], frames: [] as [number | null, number][] };
  const s = await MachineServer.listen({
    host: HOST,
    port: 0,
    maxLineLength: 64,
    knownIds: new Set([2, 3]),
    ...extra,
    handlers: {
      onMessages: (from, clocks, count) => {
        for (let i = 0; i < count; i++) seen.frames.push([from, clocks[i]!]);
      },
      onWarn: (w) => seen.warnings.push(w),
      onHello: (id) => seen.hellos.push(id),
    },
  });
  afterTest(() => s.drain(0));
  return { server: s, seen };
}

const opened: net.Socket[] = [];
/** Each client's address as the server sees it (a closed socket no longer knows its port). */
const addresses = new Map<net.Socket, string>();
async function client(port: number, first?: string): Promise<net.Socket> {
  const socket = net.connect(port, HOST);
  socket.on('error', () => {});
  opened.push(socket);
  await once(socket, 'connect');
  addresses.set(socket, `127.0.0.1:${socket.localPort}`);
  if (first !== undefined) socket.write(first);
  return socket;
}
const address = (s: net.Socket) => addresses.get(s)!;

afterEach(() => {
  for (const s of opened.splice(0)) s.destroy();
  addresses.clear();
});

describe('which connection speaks for a known machine', () => {
  test('a second connection claiming a machine that is connected is warned about once; its frames are from an unknown sender', async () => {
    const { server: s, seen } = await server();
    const real = await client(s.port, 'hello:2\nclock:1\n');
    await waitUntil(() => seen.frames.length === 1, 'the real frame');
    const fake = await client(s.port, 'hello:2\nclock:5\nclock:6\n');
    await waitUntil(() => seen.frames.length === 3, 'the fake frames');
    real.write('clock:2\n');
    await waitUntil(() => seen.frames.length === 4, 'the real second frame');
    expect(seen.frames).toEqual([[2, 1], [null, 5], [null, 6], [2, 2]]);
    expect(seen.hellos).toEqual([2]);
    expect(seen.warnings).toEqual([`second connection claims machine 2 (from ${address(fake)}) while its first is open: its frames count as from an unknown sender`]);
    await s.drain(0);
  });

  test('a restarted machine whose old connection closes after its new hello: the new connection speaks for it from then on', async () => {
    const { server: s, seen } = await server();
    const old = await client(s.port, 'hello:3\nclock:1\n');
    await waitUntil(() => seen.frames.length === 1, 'the old frame');
    const restarted = await client(s.port, 'hello:3\n');
    await waitUntil(() => seen.warnings.length === 1, 'the second claim');
    old.end('clock:2\n');
    await waitUntil(() => seen.hellos.length === 2, 'the new connection to speak for machine 3');
    restarted.write('clock:7\n');
    await waitUntil(() => seen.frames.length === 3, 'the new frame');
    expect(seen.frames).toEqual([[3, 1], [3, 2], [3, 7]]);
    expect(seen.hellos).toEqual([3, 3]);
    expect(seen.warnings[1]).toBe(`machine 3's first connection closed: the second one claiming it (from ${address(restarted)}) now counts as machine 3`);
    await s.drain(0);
  });

  test('a restarted machine whose old connection closed before its hello is taken at once, without a warning', async () => {
    const { server: s, seen } = await server();
    const old = await client(s.port, 'hello:2\n');
    await waitUntil(() => seen.hellos.length === 1, 'the first hello');
    old.end();
    await waitUntil(() => s.connectionCount === 0, 'the old connection to close');
    await client(s.port, 'hello:2\nclock:4\n');
    await waitUntil(() => seen.frames.length === 1, 'the new frame');
    expect(seen.frames).toEqual([[2, 4]]);
    expect(seen.hellos).toEqual([2, 2]);
    expect(seen.warnings).toEqual([]);
    await s.drain(0);
  });

  test('only the newest second claim takes over: an older one never speaks for the machine', async () => {
    const { server: s, seen } = await server();
    const first = await client(s.port, 'hello:2\n');
    await waitUntil(() => seen.hellos.length === 1, 'the first hello');
    const older = await client(s.port, 'hello:2\n');
    await waitUntil(() => seen.warnings.length === 1, 'the older claim');
    const newer = await client(s.port, 'hello:2\n');
    await waitUntil(() => seen.warnings.length === 2, 'the newer claim');
    first.end();
    await waitUntil(() => seen.hellos.length === 2, 'the newer claim to speak');
    newer.end();
    await waitUntil(() => s.connectionCount === 1, 'the newer claim to close');
    older.write('clock:9\n');
    await waitUntil(() => seen.frames.length === 1, 'the older claim frame');
    expect(seen.frames).toEqual([[null, 9]]);
    expect(seen.hellos).toEqual([2, 2]);
    expect(seen.warnings[2]).toContain(`now counts as machine 2`);
    expect(seen.warnings[2]).toContain(address(newer));
    await s.drain(0);
  });
});

describe('the connection limit', () => {
  test('at the limit a new connection closes the oldest one not from a known machine, naming it; known machines are kept', async () => {
    // Known machines 2 and 3: at most 4 connections.
    const { server: s, seen } = await server();
    const three = await client(s.port, 'hello:3\n');
    await waitUntil(() => seen.hellos.length === 1, 'machine 3');
    const squatter = await client(s.port, 'hello:9\n');
    await waitUntil(() => seen.warnings.length === 1, 'the unknown hello');
    const silent = await client(s.port);
    const claimant = await client(s.port, 'hello:3\n');
    await waitUntil(() => seen.warnings.length === 2, 'the second claim');

    const two = await client(s.port, 'hello:2\nclock:8\n');
    await once(squatter, 'close');
    await waitUntil(() => seen.frames.length === 1, 'machine 2 frame');
    expect(seen.frames).toEqual([[2, 8]]);
    expect(seen.warnings[2]).toBe(`closing connection from ${address(squatter)} (hello as machine 9, not a peer) to make room for a new one: already 4 connections, and it is the oldest not from a known machine`);

    await client(s.port);
    await once(silent, 'close');
    expect(seen.warnings[3]).toMatch(new RegExp(`^closing connection from ${address(silent)} \\(no hello\\)`));
    await client(s.port);
    await once(claimant, 'close');
    expect(seen.warnings[4]).toMatch(new RegExp(`^closing connection from ${address(claimant)} \\(a second claim to machine 3\\)`));
    expect([three, two].every((c) => !c.destroyed && !c.readableEnded)).toBe(true);
    expect(seen.warnings).toHaveLength(5);
    await s.drain(0);
  });

  test('with every connection from a known machine, a new one is refused', async () => {
    const { server: s, seen } = await server({ maxConnections: 2 });
    const kept = [await client(s.port, 'hello:2\n'), await client(s.port, 'hello:3\n')];
    await waitUntil(() => seen.hellos.length === 2, 'both hellos');
    const extra = await client(s.port);
    await once(extra, 'close');
    expect(seen.warnings).toEqual([expect.stringMatching(/^refused a connection from 127\.0\.0\.1:\d+: already 2 connections, each from a known machine$/)]);
    expect(kept.every((c) => !c.destroyed && !c.readableEnded)).toBe(true);
    await s.drain(0);
  });
});

describe('machines of another run (run tokens)', () => {
  test("a hello naming another run's token: nothing it sends is read, said once per machine and token; this run's and token-less hellos are taken", async () => {
    const { server: s, seen } = await server({ runToken: 'aaaa1111' });
    const other = await client(s.port, 'hello:2:bbbb2222\nclock:50\nclock:51\n');
    await waitUntil(() => seen.warnings.length === 1, 'the warning about another run');
    expect(seen.warnings[0]).toBe(
      `hello as machine 2 of another run (run token bbbb2222; this run's is aaaa1111) from ${address(other)}: nothing it sends is read (another run on this host given the same ports or faultPorts, or a machine given another --run-token?)`,
    );
    // It is told, in the one line a machine sends back.
    let reply = '';
    other.on('data', (chunk: Buffer) => (reply += chunk));
    await waitUntil(() => reply === 'other-run:aaaa1111\n', 'the reply naming this run');
    // It redials (a new connection), and sends on: not said again, not read.
    const again = await client(s.port, 'hello:2:bbbb2222\nclock:52\n');
    again.resume(); // its reply read, so that its end comes
    other.write('hello:2:aaaa1111\nclock:53\n');
    const own = await client(s.port, 'hello:2:aaaa1111\nclock:1\n');
    const plain = await client(s.port, 'hello:3\nclock:2\n');
    await waitUntil(() => seen.frames.length === 2, "this run's machine and the token-less one");
    again.end('clock:54\n');
    other.end('clock:55\n');
    await Promise.all([once(again, 'close'), once(other, 'close')]);
    await waitUntil(() => s.connectionCount === 2, "the other run's connections to close on the server's side");
    own.write('clock:3\n');
    await waitUntil(() => seen.frames.length === 3, "this run's next frame");
    // Its frames, then or later, never came through; its later hello naming this run's token did not change that.
    expect(seen.frames).toEqual([[2, 1], [3, 2], [2, 3]]);
    expect(seen.hellos).toEqual([2, 3]);
    expect(seen.warnings).toHaveLength(1);
    expect(plain.destroyed).toBe(false);
    await s.drain(0);
  });

  test('a machine without a token of its own takes every hello, whatever its token', async () => {
    const { server: s, seen } = await server();
    await client(s.port, 'hello:2:bbbb2222\nclock:9\n');
    await waitUntil(() => seen.frames.length === 1, 'the frame');
    expect([seen.frames, seen.hellos, seen.warnings]).toEqual([[[2, 9]], [2], []]);
    await s.drain(0);
  });
});
