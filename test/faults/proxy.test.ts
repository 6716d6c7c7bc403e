// The fault proxy over real sockets: each toxic, removal, down/up, backpressure, frame reassembly, clean close.
import net from 'node:net';
import { once } from 'node:events';
import type { Transform } from 'node:stream';
import { FaultProxy } from '../../src/faults/proxy.js';
import { createFrameParser } from '../../src/net/frame-parser.js';
import type { Frame } from '../../src/net/frames.js';
import { freePort } from '../helpers/ports.js';
import { waitUntil } from '../helpers/wait.js';
import { closed, dial, Target } from './tcp.js';

let target: Target;
let proxy: FaultProxy;
const clients: net.Socket[] = [];

async function setup(onSocket?: (socket: net.Socket) => void): Promise<void> {
  target = await Target.start(onSocket);
  proxy = await FaultProxy.start({ listenHost: '127.0.0.1', listenPort: 0, targetHost: '127.0.0.1', targetPort: target.port, seed: 1 });
}

async function client(): Promise<net.Socket> {
  const socket = await dial(proxy.port);
  clients.push(socket);
  return socket;
}

afterEach(async () => {
  for (const socket of clients.splice(0)) socket.destroy();
  await proxy?.close();
  await target?.close();
});

const frames = (n: number) => Array.from({ length: n }, (_, i) => `clock:${i}\n`).join('');

describe('without toxics', () => {
  beforeEach(() => setup());

  test('bytes flow both ways', async () => {
    const c = await client();
    c.write('hello:1\n');
    await target.untilBytes(8);
    expect(target.bytes().toString()).toBe('hello:1\n');
    const reply = new Promise<string>((resolve) => c.once('data', (d: Buffer) => resolve(d.toString())));
    target.connections[0]!.socket.write('ok');
    expect(await reply).toBe('ok');
  });

  test('a client that ends after writing: the target gets every byte, then the end', async () => {
    proxy.addToxic('lag', { type: 'latency', attributes: { latency: 50 } });
    const c = await client();
    c.end('bye\n');
    await target.until(() => target.connections[0]?.closed === true, 'connection 0 to close');
    expect(target.bytes().toString()).toBe('bye\n');
    expect(await closed(c)).toBeUndefined();
  });

  test('a target that is not listening: the client is accepted, then closed', async () => {
    const port = await freePort();
    const lonely = await FaultProxy.start({ listenHost: '127.0.0.1', listenPort: 0, targetHost: '127.0.0.1', targetPort: port });
    try {
      const c = await dial(lonely.port);
      await closed(c);
      await waitUntil(() => lonely.connectionCount === 0, 'the connection to be forgotten');
    } finally {
      await lonely.close();
    }
  });

  test('close() ends open connections and pending toxic timers', async () => {
    proxy.addToxic('lag', { type: 'latency', attributes: { latency: 60000 } });
    const c = await client();
    c.write('x');
    await waitUntil(() => proxy.stats.received === 1, 'the proxy to read the byte');
    await proxy.close();
    await closed(c);
    expect(proxy.connectionCount).toBe(0);
  });
});

describe('latency', () => {
  beforeEach(() => setup());

  test('200 ms latency: delivered no earlier than 190 ms after sending', async () => {
    proxy.addToxic('lag', { type: 'latency', attributes: { latency: 200 } });
    const c = await client();
    const sent = performance.now();
    c.write('clock:1\n');
    await target.untilBytes(8);
    expect(target.connections[0]!.times[0]! - sent).toBeGreaterThanOrEqual(190);
  });

  test('FIFO under jitter: 300 frames sliced into many chunks, each delayed 1..59 ms, arrive in order', async () => {
    proxy.addToxic('cut', { type: 'slicer', attributes: { averageSize: 4, sizeVariation: 3 } });
    proxy.addToxic('lag', { type: 'latency', attributes: { latency: 30, jitter: 29 } });
    const c = await client();
    const text = frames(300);
    c.write(text);
    await target.untilBytes(text.length);
    expect(target.bytes().toString()).toBe(text);
  });

  test('added to a live connection it holds data; removed, it releases it at once', async () => {
    const c = await client();
    proxy.addToxic('lag', { type: 'latency', attributes: { latency: 60000 } });
    c.write('late\n');
    await waitUntil(() => proxy.stats.received === 5, 'the proxy to read the bytes');
    expect(proxy.stats.delivered).toBe(0);
    proxy.removeToxic('lag');
    await target.untilBytes(5);
    expect(target.bytes().toString()).toBe('late\n');
  });

  test('toxic names are unique; removing an absent one is an error', () => {
    proxy.addToxic('lag', { type: 'latency', attributes: { latency: 1 } });
    expect(() => proxy.addToxic('lag', { type: 'latency', attributes: { latency: 1 } })).toThrow(/already exists/);
    expect(() => proxy.removeToxic('nope')).toThrow(/no toxic "nope"/);
    expect(() => proxy.addToxic('bad', { type: 'latency', attributes: { latency: -5 } } as never)).toThrow(/attributes\.latency/);
    expect(proxy.activeToxics.map((t) => t.name)).toEqual(['lag']);
  });
});

describe('bandwidth', () => {
  beforeEach(() => setup());

  test('10 000 bytes at 50 KB/s take no less than ~200 ms and arrive whole', async () => {
    proxy.addToxic('slow', { type: 'bandwidth', attributes: { rate: 50 } });
    const c = await client();
    const data = Buffer.alloc(10000, 'ab');
    const sent = performance.now();
    c.write(data);
    await target.untilBytes(data.length);
    expect(target.connections[0]!.times.at(-1)! - sent).toBeGreaterThanOrEqual(190);
    expect(target.bytes().equals(data)).toBe(true);
  });
});

describe('slicer', () => {
  let parsed: Frame[];
  let warnings: string[];
  let parserClosed: Promise<void>;

  beforeEach(async () => {
    parsed = [];
    warnings = [];
    await setup((socket) => {
      const parser: Transform = createFrameParser({ maxLength: 64, onMalformed: (w) => warnings.push(w) });
      parserClosed = new Promise((resolve) => parser.once('close', () => resolve()));
      parser.on('data', (f: Frame) => parsed.push(f));
      parser.on('error', () => parser.destroy());
      socket.pipe(parser);
    });
  });

  test('frames cut into pieces of 1..5 bytes, 1 ms apart, reach the frame parser once each, in order', async () => {
    proxy.addToxic('cut', { type: 'slicer', attributes: { averageSize: 3, sizeVariation: 2, delay: 1000 } });
    const c = await client();
    const text = `hello:1\n${frames(100)}`;
    c.end(text);
    await target.until(() => target.connections[0]?.closed === true, 'connection 0 to close');
    await parserClosed;
    expect(target.bytes().toString()).toBe(text);
    // Sliced 1 ms apart, the target reads the stream in many small chunks (coalescing allowed for a busy machine).
    expect(target.connections[0]!.chunks.length).toBeGreaterThan(50);
    expect(parsed).toEqual([{ kind: 'hello', id: 1 }, ...Array.from({ length: 100 }, (_, i) => ({ kind: 'clock', clock: i }))]);
    expect(warnings).toEqual([]);
  });
});

describe('timeout', () => {
  beforeEach(() => setup());

  test('timeout 100: nothing gets through and the connection closes after 100 ms', async () => {
    proxy.addToxic('stall', { type: 'timeout', attributes: { timeout: 100 } });
    const c = await client();
    const sent = performance.now();
    c.write('lost\n');
    await closed(c);
    expect(performance.now() - sent).toBeGreaterThanOrEqual(90);
    await target.until(() => target.connections[0]?.closed === true, 'connection 0 to close');
    expect(target.bytes().length).toBe(0);
  });

  test('timeout 0 holds data until removed, then delivers it', async () => {
    proxy.addToxic('stall', { type: 'timeout' });
    const c = await client();
    c.write('held\n');
    await waitUntil(() => proxy.stats.received === 5, 'the proxy to read the bytes');
    expect(proxy.stats.delivered).toBe(0);
    proxy.removeToxic('stall');
    await target.untilBytes(5);
    expect(target.bytes().toString()).toBe('held\n');
  });

  test('a held megabyte pauses the client (backpressure) and arrives whole, in order, once released', async () => {
    proxy.addToxic('stall', { type: 'timeout' });
    const c = await client();
    const data = Buffer.from(Array.from({ length: 1 << 20 }, (_, i) => i % 251));
    c.write(data);
    await waitUntil(() => proxy.stats.received > 64 * 1024, 'the proxy to read 64 KiB');
    expect(proxy.stats.received).toBeLessThan(data.length);
    proxy.removeToxic('stall');
    await target.untilBytes(data.length);
    expect(target.bytes().equals(data)).toBe(true);
  });
});

describe('reset_peer', () => {
  beforeEach(() => setup());

  test('resets both sides (ECONNRESET) after its timeout', async () => {
    proxy.addToxic('rst', { type: 'reset_peer', attributes: { timeout: 50 } });
    const c = await client();
    const sent = performance.now();
    c.write('doomed\n');
    expect(await closed(c)).toBe('ECONNRESET');
    expect(performance.now() - sent).toBeGreaterThanOrEqual(40);
    await target.until(() => target.connections[0]?.closed === true, 'connection 0 to close');
    expect(target.connections[0]!.error).toBe('ECONNRESET');
    expect(target.bytes().length).toBe(0);
  });
});

describe('down and up', () => {
  beforeEach(() => setup());

  test('down closes open connections and refuses dials; up listens again on the same port', async () => {
    const port = proxy.port;
    const c = await client();
    c.write('a');
    await target.untilBytes(1);
    await proxy.setDown(true);
    expect(proxy.isDown).toBe(true);
    await closed(c);
    await expect(dial(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await proxy.setDown(false);
    expect(proxy.port).toBe(port);
    const again = await client();
    again.write('b');
    await target.until(() => target.bytes(1).toString() === 'b', "connection 1 to receive 'b'");
  });

  test('if its port was taken while down, coming up fails and the proxy stays down', async () => {
    const port = proxy.port;
    await proxy.setDown(true);
    const squatter = net.createServer();
    squatter.listen(port, '127.0.0.1');
    await once(squatter, 'listening');
    try {
      await expect(proxy.setDown(false)).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(proxy.isDown).toBe(true);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    await proxy.setDown(false);
    expect(proxy.isDown).toBe(false);
  });

  test('toxics added while down apply once up; setDown calls take effect in call order', async () => {
    void proxy.setDown(true);
    proxy.addToxic('lag', { type: 'latency', attributes: { latency: 100 } });
    await proxy.setDown(false);
    const c = await client();
    const sent = performance.now();
    c.write('x');
    await target.untilBytes(1);
    expect(target.connections[0]!.times[0]! - sent).toBeGreaterThanOrEqual(95);
  });
});
