// Integration: real machines on ephemeral ports in one process exchange messages, reconnect, and shut down cleanly.
import net from 'node:net';
import { once } from 'node:events';
import { MachineRuntime, type MachineRuntimeOptions } from '../../src/runtime/machine-runtime.js';
import { isTickRecord, type CoreRecord, type ReceiveRecord, type SendRecord, type StopRecord } from '../../src/core/records.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { wallMs } from '../../src/runtime/clock.js';
import { afterTest } from '../helpers/cleanup.js';
import { freePort } from '../helpers/ports.js';
import { testServer } from '../helpers/test-server.js';

const HOST = '127.0.0.1';

async function machine(id: number, peerIds: number[], extra: Partial<MachineRuntimeOptions> = {}) {
  const sink = new MemorySink();
  const runtime = await MachineRuntime.create({
    id, rate: 50, seed: 7, internalProbability: 0.3, listen: { host: HOST, port: 0 }, peerIds, openSink: () => sink,
    shutdownGraceMs: 2000, ...extra,
  });
  afterTest(() => runtime.shutdown());
  return { runtime, sink };
}

const addresses = (ports: Map<number, number>) => new Map([...ports].map(([id, port]) => [id, { host: HOST, port }]));
const receives = (records: CoreRecord[]) => records.filter((r): r is ReceiveRecord<number> => r.event === 'receive');
const sends = (records: CoreRecord[]) => records.filter((r): r is SendRecord<number> => r.event === 'send');

describe('machines in one process', () => {
  test('three machines exchange messages and, stopped together, account for every message', async () => {
    const ms = await Promise.all([1, 2, 3].map((id) => machine(id, [1, 2, 3].filter((p) => p !== id))));
    const ports = new Map(ms.map((m) => [m.runtime.core.id, m.runtime.port]));
    for (const m of ms) m.runtime.connect(addresses(ports));
    await Promise.all(ms.map((m) => m.sink.until((rs) => receives(rs).length >= 5)));
    const stops = await Promise.all(ms.map((m) => m.runtime.shutdown()));

    const all = ms.flatMap((m) => m.sink.records);
    const sent = sends(all).reduce((n, s) => n + s.to.length, 0);
    const received = receives(all).length;
    const queued = stops.reduce((n, s) => n + s.queue, 0);
    expect(sent).toBeGreaterThan(0);
    expect(received + queued).toBe(sent);
    for (const m of ms) {
      expect(m.sink.records[0]?.event).toBe('start');
      expect(m.sink.records.at(-1)?.event).toBe('stop');
      expect(m.sink.closed).toBe(true);
      // Every receive names its sender from the hello line, and carries a clock some peer sent.
      for (const r of receives(m.sink.records)) expect([1, 2, 3].filter((p) => p !== m.runtime.core.id)).toContain(r.from);
    }
  });

  test("two machines given different run tokens (a typo among one's terminals): each warns once, names the other's token, and drops its sends; no receive, so conservation holds", async () => {
    const a = await machine(1, [2], { runToken: 'alice', connectTimeoutMs: 300 });
    const b = await machine(2, [1], { runToken: 'Alice', connectTimeoutMs: 300 });
    const ports = { 1: a.runtime.port, 2: b.runtime.port };
    a.runtime.connect(addresses(new Map([[2, b.runtime.port]])));
    b.runtime.connect(addresses(new Map([[1, a.runtime.port]])));
    await Promise.all([a, b].map((m) => m.sink.until((rs) => sends(rs).length >= 3)));
    const stops = await Promise.all([a, b].map((m) => m.runtime.shutdown()));
    for (const [m, peer, ours, theirs] of [[a, 2, 'alice', 'Alice'], [b, 1, 'Alice', 'alice']] as const) {
      const reasons = m.sink.records.filter((r) => r.event === 'warn').map((r) => (r as { reason: string }).reason);
      expect(reasons).toContain(`peer ${peer} at ${HOST}:${ports[peer]} is a machine of another run (run token ${theirs}; this run's is ${ours}): sends to it are dropped while that connection lasts (another run on this host given the same ports or faultPorts, or a machine given another --run-token?)`);
      expect(reasons.filter((r) => r.startsWith(`hello as machine ${peer} of another run (run token ${theirs}; this run's is ${ours})`))).toHaveLength(1);
      expect(receives(m.sink.records)).toEqual([]);
      // The link went down before the first tick (the mesh never completed: it ticked after connectTimeoutMs), so every
      // send was dropped, none sent into a connection nothing reads.
      const down = m.sink.records.findIndex((r) => r.event === 'disconnect');
      expect(down).toBeGreaterThan(-1);
      expect(down).toBeLessThan(m.sink.records.findIndex(isTickRecord));
      for (const s of sends(m.sink.records)) expect([s.to, s.dropped]).toEqual([[], [peer]]);
    }
    expect(stops.map((s) => s.queue)).toEqual([0, 0]);
  });

  test('a machine that starts late is still reached: the dialer retries until it listens', async () => {
    const latePort = await freePort();
    const early = await machine(1, [2]);
    early.runtime.connect(addresses(new Map([[2, latePort]])));
    // Ticking waits for the peer: no tick may happen before machine 2 exists.
    const late = await machine(2, [1], { listen: { host: HOST, port: latePort } });
    late.runtime.connect(addresses(new Map([[1, early.runtime.port]])));
    await early.sink.until((rs) => rs.some((r) => r.event === 'connect' && r.peer === 2));
    await late.sink.until((rs) => receives(rs).length >= 2);
    const firstTick = early.sink.records.findIndex(isTickRecord);
    const connect = early.sink.records.findIndex((r) => r.event === 'connect');
    expect(connect).toBeLessThan(firstTick);
    await Promise.all([early.runtime.shutdown(), late.runtime.shutdown()]);
  });

  test('ticking waits for the mesh both ways: connected to the peer, and the peer said hello on its own link to us', async () => {
    // "Machine 2" is the test: it accepts machine 1's dial (machine 1's link to it is up) and dials back only later.
    const peer = await testServer();
    const a = await machine(1, [2]);
    a.runtime.connect(addresses(new Map([[2, peer.port]])));
    await a.sink.until((rs) => rs.some((r) => r.event === 'connect' && r.peer === 2));
    expect(a.runtime.status()).toMatchObject({ connected: 1, ticking: false });
    const back = net.connect(a.runtime.port, HOST);
    afterTest(() => back.destroy());
    back.write('hello:2\n');
    await a.runtime.tickingStarted;
    expect(a.runtime.status().ticking).toBe(true);
    expect(a.sink.records.some((r) => r.event === 'warn')).toBe(false);
    back.end();
    await Promise.all([a.runtime.shutdown(), once(back, 'close')]);
    await peer.close();
  });

  test('a peer that never dials back: ticking starts at the connect timeout, with a warning naming it', async () => {
    const peer = await testServer();
    const a = await machine(1, [2], { connectTimeoutMs: 1000 });
    a.runtime.connect(addresses(new Map([[2, peer.port]])));
    await a.runtime.tickingStarted;
    const warnings = a.sink.records.flatMap((r) => (r.event === 'warn' ? [r.reason] : []));
    expect(warnings).toEqual(['no connection from 2 after 1000 ms: ticking anyway']);
    await a.runtime.shutdown();
    await peer.close();
  });

  test('a peer whose host name does not resolve is named in one warning, while the link keeps trying', async () => {
    const a = await machine(1, [2], { connectTimeoutMs: 60_000 });
    a.runtime.connect(new Map([[2, { host: 'nosuchhost.invalid', port: 5002 }]]));
    const warned = (rs: CoreRecord[]) => rs.filter((r) => r.event === 'warn' && r.reason.includes('does not resolve'));
    await a.sink.until((rs) => warned(rs).length > 0);
    expect(warned(a.sink.records).map((r) => (r.event === 'warn' ? r.reason : ''))).toEqual([expect.stringMatching(/^peer 2: host nosuchhost\.invalid does not resolve \((ENOTFOUND|EAI_AGAIN|EAI_FAIL|EAI_NONAME)\); still trying$/)]);
  });

  test('shutdown frees the port and ends with one stop record', async () => {
    const a = await machine(1, [2], { connectTimeoutMs: 0 });
    const port = a.runtime.port;
    a.runtime.connect(addresses(new Map([[2, await freePort()]])));
    await a.sink.until((rs) => rs.some((r) => r.event === 'send' || r.event === 'internal'));
    const stop = await a.runtime.shutdown();
    expect(stop.event).toBe('stop');
    expect(a.sink.records.filter((r) => r.event === 'stop')).toHaveLength(1);
    expect(a.sink.records.some((r) => r.event === 'warn' && /not connected to 2/.test(r.reason))).toBe(true);
    // Sends to a peer that never came up are recorded as dropped, never as sent.
    for (const s of sends(a.sink.records)) expect(s).toMatchObject({ to: [], dropped: [2] });
    const again = net.createServer();
    again.listen(port, HOST);
    await once(again, 'listening');
    await new Promise((r) => again.close(r));
  });

  test('the start record is timed when the port was bound, not once the log is open (peers may connect meanwhile)', async () => {
    const sink = new MemorySink();
    let openedAt = 0;
    const runtime = await MachineRuntime.create({
      id: 1, rate: 50, seed: 7, internalProbability: 0.3, listen: { host: HOST, port: 0 }, peerIds: [2],
      // A log that takes 30 ms to open, as a busy host's can.
      openSink: () => {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);
        openedAt = wallMs();
        return sink;
      },
    });
    afterTest(() => runtime.shutdown());
    await runtime.shutdown();
    const start = sink.records[0]!;
    expect(start.event).toBe('start');
    expect(openedAt - start.time).toBeGreaterThanOrEqual(29);
  });

  test('a slow machine (long sleeps, the last milliseconds waited out on the thread) ticks rate x duration times, then stops', async () => {
    // onShutdown (a machine process lowers its priority there) runs once, when the duration ends, before the stop record.
    const shutdownsSeen: { stopLogged: boolean; ticks: number }[] = [];
    const onShutdown = () => shutdownsSeen.push({ stopLogged: a.sink.records.some((r) => r.event === 'stop'), ticks: a.runtime.core.ticks });
    const a = await machine(1, [2], { rate: 10, durationSeconds: 1, connectTimeoutMs: 0, onShutdown });
    a.runtime.connect(addresses(new Map([[2, await freePort()]])));
    const stop = await a.runtime.done;
    const ticks = a.sink.records.filter(isTickRecord);
    expect(ticks).toHaveLength(10);
    expect(stop.ticks).toBe(10);
    await a.runtime.shutdown();
    expect(shutdownsSeen).toEqual([{ stopLogged: false, ticks: 10 }]);
  });

  test('at 1,000 ticks/s (the short-period loop: no timer, the thread waits between turns) two machines tick rate x duration times and account for every frame', async () => {
    const [a, b] = await Promise.all([machine(1, [2], { rate: 1000, durationSeconds: 1 }), machine(2, [1], { rate: 1000, durationSeconds: 1 })]);
    a.runtime.connect(addresses(new Map([[2, b.runtime.port]])));
    b.runtime.connect(addresses(new Map([[1, a.runtime.port]])));
    const stops = await Promise.all([a.runtime.done, b.runtime.done]);
    for (const stop of stops) expect(stop.ticks).toBe(1000);
    const all = [...a.sink.records, ...b.sink.records];
    expect(receives(all).length).toBeGreaterThan(100);
    expect(receives(all).length + stops[0].queue + stops[1].queue).toBe(sends(all).reduce((n, s) => n + s.to.length, 0));
  });

  test('at 1,000 ticks/s the event loop still turns between ticks: a stop asked from it ends the ticks at once', async () => {
    const [a, b] = await Promise.all([machine(1, [2], { rate: 1000 }), machine(2, [1], { rate: 1000 })]);
    a.runtime.connect(addresses(new Map([[2, b.runtime.port]])));
    b.runtime.connect(addresses(new Map([[1, a.runtime.port]])));
    await a.sink.until((rs) => receives(rs).length >= 20);
    await new Promise<void>((resolve) => setTimeout(resolve, 0)); // from the timers phase, as a signal handler would
    a.runtime.stopTicking();
    const ticksAtStop = a.runtime.core.ticks;
    const sentBefore = sends(b.sink.records).length;
    await b.sink.until((rs) => sends(rs).length >= sentBefore + 5);
    expect(a.runtime.core.ticks).toBe(ticksAtStop);
    const [stopA] = await Promise.all([a.runtime.shutdown(), b.runtime.shutdown()]);
    expect(stopA.ticks).toBe(ticksAtStop);
  });

  test('stopTicking ends the ticks and keeps the connections: frames still arrive and are queued, and shutdown accounts for them', async () => {
    const [a, b] = await Promise.all([machine(1, [2]), machine(2, [1])]);
    a.runtime.connect(addresses(new Map([[2, b.runtime.port]])));
    b.runtime.connect(addresses(new Map([[1, a.runtime.port]])));
    await a.sink.until((rs) => rs.filter(isTickRecord).length >= 5);
    a.runtime.stopTicking();
    a.runtime.stopTicking(); // a second call changes nothing
    const ticksAtStop = a.runtime.core.ticks;
    expect(a.runtime.status()).toMatchObject({ ticking: false, connected: 1, ticks: ticksAtStop });
    // Machine 2 keeps ticking: every send of its goes to machine 1 (its only peer), which no longer ticks.
    const sentBefore = sends(b.sink.records).length;
    await b.sink.until((rs) => sends(rs).length >= sentBefore + 3);
    const [stopA, stopB] = await Promise.all([a.runtime.shutdown(), b.runtime.shutdown()]);
    expect(stopA.ticks).toBe(ticksAtStop);
    expect(stopA.queue).toBeGreaterThanOrEqual(3);
    const all = [...a.sink.records, ...b.sink.records];
    expect(receives(all).length + stopA.queue + stopB.queue).toBe(sends(all).reduce((n, s) => n + s.to.length, 0));
    // tickingMs: how long it ticked, so ticks = rate x tickingMs, give or take the tick that was due as it stopped.
    expect(stopA.tickingMs).toBeGreaterThan(0);
    expect(Math.floor((50 * stopA.tickingMs!) / 1000) - stopA.ticks).toBeLessThanOrEqual(1);
    expect(Math.floor((50 * stopA.tickingMs!) / 1000)).toBeGreaterThanOrEqual(stopA.ticks);
  });

  test('a peer that sends garbage, no hello and an oversized line cannot kill the machine', async () => {
    const a = await machine(1, [2], { connectTimeoutMs: 0, maxLineLength: 32 });
    a.runtime.connect(addresses(new Map([[2, await freePort()]])));
    const client = net.connect(a.runtime.port, HOST);
    client.on('error', () => {});
    afterTest(() => client.destroy());
    await once(client, 'connect');
    client.write('clock:5\nclock:not-a-number\nhello:99\nclock:7\n');
    await a.sink.until((rs) => receives(rs).length >= 2);
    client.write('x'.repeat(100));
    await once(client, 'close');
    const rs = receives(a.sink.records);
    expect(rs.slice(0, 2).map((r) => [r.from, r.msgClock])).toEqual([[null, 5], [null, 7]]);
    const warnings = a.sink.records.filter((r) => r.event === 'warn').map((r) => (r.event === 'warn' ? r.reason : ''));
    expect(warnings).toEqual(expect.arrayContaining([
      expect.stringContaining('malformed clock frame'),
      expect.stringContaining('hello as machine 99, not a peer of this machine'),
      expect.stringContaining('closing connection'),
    ]));
    const stop: StopRecord = await a.runtime.shutdown();
    expect(stop.event).toBe('stop');
  });
});

describe('network delay', () => {
  test('frames held back by the delay when the link goes down are not sent on the next connection after its hello', async () => {
    // Peer 2 is a bare server: each connection machine 1 makes to it is kept with the text it carried.
    const connections: { text: string }[] = [];
    const peer = await testServer((socket) => {
      const connection = { text: '' };
      connections.push(connection);
      socket.on('data', (d: Buffer) => (connection.text += d));
    });
    const a = await machine(1, [2], { rate: 50, internalProbability: 0, delayMs: [1000, 1000], connectTimeoutMs: 0 });
    a.runtime.connect(addresses(new Map([[2, peer.port]])));
    // A send to 2 is logged: its frame waits a second in the delay line. The connection then breaks; the link redials.
    await a.sink.until((rs) => sends(rs).some((s) => s.to.includes(2)));
    for (const socket of peer.sockets) socket.destroy();
    await a.sink.until((rs) => rs.some((r) => r.event === 'disconnect' && r.peer === 2));
    const cut = a.sink.records.findIndex((r) => r.event === 'disconnect');
    const sentBefore = sends(a.sink.records.slice(0, cut)).filter((s) => s.to.includes(2)).map((s) => s.clock);
    expect(sentBefore.length).toBeGreaterThan(0);
    // The first frame on the new connection: sends made on it come a second after, behind any older frame still held.
    await a.sink.until(() => connections.length === 2 && /clock:\d+\n/.test(connections[1]!.text));
    const frames = connections[1]!.text.split('\n').filter((l) => l.startsWith('clock:')).map((l) => Number(l.slice(6)));
    expect(connections[1]!.text.startsWith('hello:1\n')).toBe(true);
    expect(Math.min(...frames)).toBeGreaterThan(Math.max(...sentBefore));
    // None of them reached the first connection either, which broke before their second was up.
    expect(connections[0]!.text).toBe('hello:1\n');
  });

  test('delayed frames keep FIFO order per link, never block ticks, and are all delivered at shutdown', async () => {
    const ids = [1, 2, 3];
    const ms = await Promise.all(ids.map((id) => machine(id, ids.filter((p) => p !== id), { rate: 100, delayMs: [20, 120], internalProbability: 0 })));
    const ports = new Map(ms.map((m) => [m.runtime.core.id, m.runtime.port]));
    for (const m of ms) m.runtime.connect(addresses(ports));
    await Promise.all(ms.map((m) => m.sink.until((rs) => receives(rs).length >= 20)));
    const stops = await Promise.all(ms.map((m) => m.runtime.shutdown()));
    const all = ms.flatMap((m) => m.sink.records);
    const sent = sends(all).reduce((n, s) => n + s.to.length, 0);
    expect(receives(all).length + stops.reduce((n, s) => n + s.queue, 0)).toBe(sent);
    for (const q of ms) {
      for (const p of ids.filter((id) => id !== q.runtime.core.id)) {
        const sentClocks = sends(ms[p - 1]!.sink.records).filter((s) => s.to.includes(q.runtime.core.id)).map((s) => s.clock);
        const got = receives(q.sink.records).filter((r) => r.from === p).map((r) => r.msgClock);
        expect(got).toEqual(sentClocks.slice(0, got.length));
      }
      // Ticks kept their schedule: a 20-120 ms delay never held a tick back. Had each send waited out its delay, the
      // 20 or more sends before the stop would have put ticks at least 400 ms behind; a loaded host (other processes on
      // it, and these three machines sharing one event loop) delays a tick by tens of ms.
      const stop = stops[q.runtime.core.id - 1]!;
      expect(stop.maxLagMs).toBeLessThan(250);
    }
  });
});
