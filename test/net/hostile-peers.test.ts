// Hostile input against a real machine: floods, fake hellos, squatted connections, bad clocks, silent and slow connections, other addresses.
import net from 'node:net';
import { once } from 'node:events';
import { MachineRuntime, type MachineRuntimeOptions } from '../../src/runtime/machine-runtime.js';
import type { StopRecord } from '../../src/core/records.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { afterTest } from '../helpers/cleanup.js';
import { freePort } from '../helpers/ports.js';
import { waitUntil } from '../helpers/wait.js';

const HOST = '127.0.0.1';

/** A machine whose peer 2 never exists: it ticks (very slowly) at once and only listens. */
async function lonelyMachine(extra: Partial<MachineRuntimeOptions> = {}) {
  const sink = new MemorySink();
  const runtime = await MachineRuntime.create({
    id: 1, rate: 0.01, seed: 1, internalProbability: 0.7, listen: { host: HOST, port: 0 }, peerIds: [2], openSink: () => sink,
    connectTimeoutMs: 0, shutdownGraceMs: 200, ...extra,
  });
  afterTest(() => runtime.shutdown());
  runtime.connect(new Map([[2, { host: HOST, port: await freePort() }]]));
  return { runtime, sink };
}

async function client(port: number, host = HOST): Promise<net.Socket> {
  const socket = net.connect(port, host);
  socket.on('error', () => {});
  afterTest(() => socket.destroy());
  await once(socket, 'connect');
  return socket;
}

const warnings = (sink: MemorySink) => sink.records.flatMap((r) => (r.event === 'warn' ? [r.reason] : []));
/** Each receive as [from, msgClock]: who the machine took each frame to be from. */
const received = (sink: MemorySink) => sink.records.flatMap((r) => (r.event === 'receive' ? [[r.from, r.msgClock]] : []));

describe('a machine under hostile input', () => {
  test('a flood of a million frames fills the queue up to maxQueue; the rest are dropped, counted and warned about', async () => {
    const { runtime, sink } = await lonelyMachine({ maxQueue: 400_000 });
    const flooder = await client(runtime.port);
    flooder.end('hello:2\n' + 'clock:7\n'.repeat(1_000_000));
    await once(flooder, 'close');
    await waitUntil(() => runtime.core.queueLength + runtime.core.overflow === 1_000_000, 'every frame to be counted');
    const stop = (await runtime.shutdown()) as StopRecord;
    expect(stop).toMatchObject({ queue: 400_000, maxQueue: 400_000, overflow: 600_000 });
    // One warn record per run of refused frames (closed every 100 ms), not one per frame; together they name every one.
    const refusals = sink.records.filter((r) => r.event === 'warn' && r.refused !== undefined);
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.length).toBeLessThan(100);
    expect(refusals.reduce((n, r) => n + (r.event === 'warn' ? r.refused! : 0), 0)).toBe(600_000);
    expect(refusals[0]).toMatchObject({ from: 2, msgClock: 7, reason: expect.stringMatching(/^queue full \(400000\): \d+ messages from machine 2 refused, clock:7 and the next \d+$/) });
    expect(sink.records.at(-1)).toMatchObject({ event: 'stop' });
  });

  test('frames a full queue refuses from a sender that never said hello are recorded with from: null', async () => {
    const { runtime, sink } = await lonelyMachine({ maxQueue: 2 });
    const stranger = await client(runtime.port);
    stranger.end('clock:1\nclock:2\nclock:3\nclock:4\n');
    await once(stranger, 'close');
    await waitUntil(() => runtime.core.overflow === 2, 'the two frames past the queue');
    await runtime.shutdown();
    expect(sink.records.filter((r) => r.event === 'warn' && r.refused !== undefined)).toEqual([
      expect.objectContaining({ reason: 'queue full (2): 2 messages from an unknown sender refused, clock:3 and the next 1', from: null, msgClock: 3, refused: 2 }),
    ]);
  });

  test('a fake hello for a connected machine is warned about once, and its frames are received from an unknown sender', async () => {
    const { runtime, sink } = await lonelyMachine({ rate: 50 });
    const real = await client(runtime.port);
    real.write('hello:2\nclock:1\n');
    await sink.until((rs) => rs.some((r) => r.event === 'receive' && r.msgClock === 1));
    const fake = await client(runtime.port);
    const fakeAddress = `${HOST}:${fake.localPort}`;
    fake.write('hello:2\nclock:5\nclock:6\n');
    await sink.until((rs) => rs.some((r) => r.event === 'receive' && r.msgClock === 6));
    await runtime.shutdown();
    expect(received(sink)).toEqual([[2, 1], [null, 5], [null, 6]]);
    expect(warnings(sink).filter((w) => /machine 2/.test(w))).toEqual([
      `second connection claims machine 2 (from ${fakeAddress}) while its first is open: its frames count as from an unknown sender`,
    ]);
  });

  test('a second hello on one connection is warned about: from then on it no longer speaks for the first machine', async () => {
    const { runtime, sink } = await lonelyMachine({ rate: 50 });
    const peer = await client(runtime.port);
    const address = `${HOST}:${peer.localPort}`;
    peer.write('hello:2\nclock:1\nhello:7\nclock:2\n');
    await sink.until((rs) => rs.some((r) => r.event === 'receive' && r.msgClock === 2));
    await runtime.shutdown();
    expect(received(sink)).toEqual([[2, 1], [null, 2]]);
    expect(warnings(sink).filter((w) => w.startsWith('hello as machine 7'))).toEqual([
      `hello as machine 7 from machine 2 (${address}), which said hello as machine 2 before: it no longer speaks for machine 2`,
      `hello as machine 7, not a peer of this machine, from ${address}: its messages count as from an unknown sender`,
    ]);
  });

  test('connections not from a known machine cannot lock a peer out: at the limit the oldest of them makes room', async () => {
    const { runtime, sink } = await lonelyMachine({ rate: 50 });
    // Peer 2 is the only known machine: at most 3 connections, all taken by squatters with an unknown id.
    const squatters = await Promise.all([1, 2, 3].map(() => client(runtime.port)));
    for (const s of squatters) s.write('hello:9\n');
    await sink.until(() => warnings(sink).filter((w) => w.startsWith('hello as machine 9, not a peer of this machine')).length === 3);
    const peer = await client(runtime.port);
    peer.write('hello:2\nclock:4\n');
    await sink.until((rs) => rs.some((r) => r.event === 'receive' && r.msgClock === 4));
    await runtime.shutdown();
    expect(sink.records.find((r) => r.event === 'receive')).toMatchObject({ from: 2, msgClock: 4 });
    expect(warnings(sink).filter((w) => w.startsWith('closing connection'))).toEqual([
      expect.stringMatching(/^closing connection from 127\.0\.0\.1:\d+ \(hello as machine 9, not a peer\) to make room for a new one: already 3 connections/),
    ]);
  });

  test('clocks that are too large, negative, fractional or junk are rejected and never touch the clock', async () => {
    const { runtime, sink } = await lonelyMachine();
    const peer = await client(runtime.port);
    peer.write('hello:2\nclock:9007199254740993\nclock:-1\nclock:1.5\nclock:12x\nclock:3\n');
    await waitUntil(() => runtime.core.queueLength === 1, 'the one good frame');
    // Each names the machine the connection said hello as, and its address.
    const malformed = warnings(sink).filter((w) => w.startsWith('malformed clock frame'));
    expect(malformed).toHaveLength(4);
    for (const w of malformed) expect(w).toMatch(/ from machine 2 \(127\.0\.0\.1:\d+\)$/);
    peer.destroy();
    const stop = (await runtime.shutdown()) as StopRecord;
    expect(stop).toMatchObject({ queue: 1, clock: 0 });
  });

  test('connections that send nothing, or hold a partial line, are closed after the idle limit; a quiet honest peer is not', async () => {
    const { runtime, sink } = await lonelyMachine({ idleTimeoutMs: 300 });
    const honest = await client(runtime.port);
    honest.write('clock:5\n');
    const silent = await client(runtime.port);
    const slow = await client(runtime.port);
    slow.write('hello:2\nclo');
    await Promise.all([once(silent, 'close'), once(slow, 'close')]);
    const idle = warnings(sink).filter((w) => /no complete line for 300 ms/.test(w));
    expect(idle).toHaveLength(2);
    // The one that said hello is named by its machine, as its other warnings are; the silent one by its address.
    expect(idle.filter((w) => /^closing connection from machine 2 \(127\.0\.0\.1:\d+\): /.test(w))).toHaveLength(1);
    expect(idle.filter((w) => /^closing connection from 127\.0\.0\.1:\d+: /.test(w))).toHaveLength(1);
    expect(honest.destroyed).toBe(false);
    honest.destroy();
    await runtime.shutdown();
  });

  test('a busy peer whose reads end mid-line, each completing the line before, is not taken for a slow one', async () => {
    // A limit well above a stall of this process (the machine runs in it), yet short enough to run past twice.
    const { runtime, sink } = await lonelyMachine({ idleTimeoutMs: 1000 });
    const busy = await client(runtime.port);
    busy.write('hello:2\nclo');
    // For two and a half idle limits, every write completes the pending line and starts the next: a partial line is
    // always pending, but none is older than one write.
    const start = performance.now();
    for (let k = 1; performance.now() - start < 2500; k++) {
      busy.write(`ck:${k}\nclo`);
      await waitUntil(() => runtime.core.queueLength === k, `frame ${k} to be queued`);
    }
    expect(warnings(sink).filter((w) => /no complete line/.test(w))).toEqual([]);
    expect(busy.destroyed).toBe(false);
    busy.destroy();
    await runtime.shutdown();
  });

  test('a machine binds only to its configured host', async () => {
    const { runtime } = await lonelyMachine();
    const other = net.connect(runtime.port, '127.0.0.2');
    afterTest(() => other.destroy());
    const [err] = (await once(other, 'error')) as [NodeJS.ErrnoException];
    expect(err.code).toBe('ECONNREFUSED');
    await runtime.shutdown();
  });
});
