// Hostile input against a real machine: floods, too many connections, bad clocks, silent and slow connections, other addresses.
import net from 'node:net';
import { once } from 'node:events';
import { MachineRuntime, type MachineRuntimeOptions } from '../../src/runtime/machine-runtime.js';
import type { StopRecord } from '../../src/core/records.js';
import { MemorySink } from '../helpers/memory-sink.js';
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
  runtime.connect(new Map([[2, { host: HOST, port: await freePort() }]]));
  return { runtime, sink };
}

async function client(port: number, host = HOST): Promise<net.Socket> {
  const socket = net.connect(port, host);
  socket.on('error', () => {});
  await once(socket, 'connect');
  return socket;
}

const warnings = (sink: MemorySink) => sink.records.flatMap((r) => (r.event === 'warn' ? [r.reason] : []));

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
    expect(refusals[0]).toMatchObject({ from: 2, msgClock: 7, reason: expect.stringMatching(/^queue full \(400000\): \d+ messages from machine 2 dropped, clock:7 and the next \d+$/) });
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
      expect.objectContaining({ reason: 'queue full (2): 2 messages from an unknown sender dropped, clock:3 and the next 1', from: null, msgClock: 3, refused: 2 }),
    ]);
  });

  test('connections beyond the configured peers plus a margin are refused', async () => {
    const { runtime, sink } = await lonelyMachine();
    const kept = await Promise.all([1, 2, 3].map(() => client(runtime.port)));
    for (const s of kept) s.write('hello:2\n');
    const extra = await client(runtime.port);
    await once(extra, 'close');
    await sink.until(() => warnings(sink).some((w) => w.startsWith('refused a connection')));
    expect(kept.every((s) => !s.destroyed)).toBe(true);
    for (const s of kept) s.destroy();
    await runtime.shutdown();
  });

  test('clocks that are too large, negative, fractional or junk are rejected and never touch the clock', async () => {
    const { runtime, sink } = await lonelyMachine();
    const peer = await client(runtime.port);
    peer.write('hello:2\nclock:9007199254740993\nclock:-1\nclock:1.5\nclock:12x\nclock:3\n');
    await waitUntil(() => runtime.core.queueLength === 1, 'the one good frame');
    expect(warnings(sink).filter((w) => w.startsWith('malformed clock frame'))).toHaveLength(4);
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
    slow.write('clo');
    await Promise.all([once(silent, 'close'), once(slow, 'close')]);
    expect(warnings(sink).filter((w) => /no complete line for 300 ms/.test(w))).toHaveLength(2);
    expect(honest.destroyed).toBe(false);
    honest.destroy();
    await runtime.shutdown();
  });

  test('a machine binds only to its configured host', async () => {
    const { runtime } = await lonelyMachine();
    const other = net.connect(runtime.port, '127.0.0.2');
    const [err] = (await once(other, 'error')) as [NodeJS.ErrnoException];
    expect(err.code).toBe('ECONNREFUSED');
    await runtime.shutdown();
  });
});
