// The toxics' stages on their own: order, timing bounds, slicing, holding and seeded replay, with a recording sink.
import { jest } from '@jest/globals';
import { createStage } from '../../src/faults/create-stage.js';
import { seededDraws } from '../../src/faults/random.js';
import type { Sink, Stage } from '../../src/faults/stage.js';
import { parseToxic, type ToxicInput } from '../../src/faults/toxics.js';

/** A sink that records pieces with their delivery time and resolves `ended` at the end of the stream. */
class Recorder implements Sink {
  readonly pieces: Buffer[] = [];
  readonly times: number[] = [];
  private finish!: () => void;
  readonly ended = new Promise<void>((resolve) => (this.finish = resolve));
  write(chunk: Buffer): void {
    this.pieces.push(chunk);
    this.times.push(performance.now());
  }
  end(): void {
    this.finish();
  }
  text(): string {
    return Buffer.concat(this.pieces).toString();
  }
}

const control = { close() {}, reset() {} };

function stage(toxic: ToxicInput, sink: Sink, seed = 1): Stage {
  return createStage(parseToxic(toxic), sink, control, seededDraws(seed));
}

const numbered = (n: number) => Array.from({ length: n }, (_, i) => `clock:${i}\n`);

describe('latency', () => {
  test('each chunk arrives no earlier than latency - jitter after it was written, in order, under heavy jitter', async () => {
    const sink = new Recorder();
    const s = stage({ type: 'latency', attributes: { latency: 40, jitter: 35 } }, sink);
    const frames = numbered(200);
    const written: number[] = [];
    for (const f of frames) {
      written.push(performance.now());
      s.write(Buffer.from(f));
    }
    s.end();
    await sink.ended;
    expect(sink.pieces.map(String)).toEqual(frames);
    sink.times.forEach((t, i) => expect(t - written[i]!).toBeGreaterThanOrEqual(4));
    // The draws spread over 5..75 ms: the last chunk waited for the longest draw before it.
    expect(sink.times.at(-1)! - written[0]!).toBeGreaterThanOrEqual(60);
  });

  test('without jitter a chunk waits the latency', async () => {
    const sink = new Recorder();
    const s = stage({ type: 'latency', attributes: { latency: 100 } }, sink);
    const start = performance.now();
    s.write(Buffer.from('x'));
    s.end();
    await sink.ended;
    expect(sink.times[0]! - start).toBeGreaterThanOrEqual(95);
  });

  test('flush (toxic removed) delivers what it holds at once, in order', () => {
    const sink = new Recorder();
    const s = stage({ type: 'latency', attributes: { latency: 60000 } }, sink);
    s.write(Buffer.from('a'));
    s.write(Buffer.from('b'));
    expect(sink.pieces).toEqual([]);
    s.flush();
    expect(sink.text()).toBe('ab');
  });

  test('dispose drops held data and leaves no timer behind', () => {
    const sink = new Recorder();
    const s = stage({ type: 'latency', attributes: { latency: 60000 } }, sink);
    s.write(Buffer.from('a'));
    s.dispose();
    s.write(Buffer.from('b'));
    expect(sink.pieces).toEqual([]);
  });
});

describe('bandwidth', () => {
  test('20 000 bytes at 100 KB/s take about 200 ms and arrive whole, in pieces of at most 100 ms worth', async () => {
    const sink = new Recorder();
    const s = stage({ type: 'bandwidth', attributes: { rate: 100 } }, sink);
    const data = Buffer.from(Array.from({ length: 20000 }, (_, i) => 97 + (i % 26)));
    const start = performance.now();
    s.write(data);
    s.end();
    await sink.ended;
    expect(Buffer.concat(sink.pieces).equals(data)).toBe(true);
    expect(sink.times.at(-1)! - start).toBeGreaterThanOrEqual(190);
    expect(Math.max(...sink.pieces.map((p) => p.length))).toBeLessThanOrEqual(10000);
  });
});

describe('a wait past Node\'s longest timer (2^31 - 1 ms)', () => {
  test('a bandwidth so small that a byte takes years holds the data on timers no longer than that (a longer one fires after 1 ms)', async () => {
    const delays: number[] = [];
    const real = globalThis.setTimeout;
    const spy = jest.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      delays.push(ms ?? 0);
      return real(fn, ms);
    }) as typeof setTimeout);
    try {
      const sink = new Recorder();
      const s = stage({ type: 'bandwidth', attributes: { rate: 1e-10 } }, sink);
      s.write(Buffer.from('clock:1\n'));
      s.dispose();
      expect(sink.pieces).toEqual([]);
    } finally {
      spy.mockRestore();
    }
    expect(delays).toEqual([2_147_483_647]);
  });
});

describe('slicer', () => {
  test('cuts into pieces of averageSize +/- sizeVariation bytes that join back to the stream', async () => {
    const sink = new Recorder();
    const s = stage({ type: 'slicer', attributes: { averageSize: 6, sizeVariation: 4 } }, sink);
    const frames = numbered(300);
    for (const f of frames) s.write(Buffer.from(f));
    s.end();
    await sink.ended;
    expect(sink.text()).toBe(frames.join(''));
    // Pieces are 2..10 bytes, except the rest of a chunk, which may be shorter.
    expect(sink.pieces.every((p) => p.length >= 1 && p.length <= 10)).toBe(true);
    expect(sink.pieces.length).toBeGreaterThan(frames.length);
  });

  test('waits `delay` microseconds between pieces', async () => {
    const sink = new Recorder();
    const s = stage({ type: 'slicer', attributes: { averageSize: 10, delay: 5000 } }, sink);
    const start = performance.now();
    s.write(Buffer.alloc(100, 120));
    s.end();
    await sink.ended;
    expect(sink.pieces).toHaveLength(10);
    expect(sink.times.at(-1)! - start).toBeGreaterThanOrEqual(9 * 5 - 5);
  });

  test('the same seed cuts the same pieces; another seed cuts others', async () => {
    const cut = async (seed: number) => {
      const sink = new Recorder();
      const s = stage({ type: 'slicer', attributes: { averageSize: 8, sizeVariation: 7 } }, sink, seed);
      s.write(Buffer.alloc(2000, 120));
      s.end();
      await sink.ended;
      return sink.pieces.map((p) => p.length);
    };
    const [a, b, c] = [await cut(7), await cut(7), await cut(8)];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});

describe('timeout and reset_peer', () => {
  test('timeout 0 holds everything, including the end, until flushed', () => {
    const sink = new Recorder();
    const s = stage({ type: 'timeout' }, sink);
    s.write(Buffer.from('held'));
    s.end();
    expect(sink.pieces).toEqual([]);
    s.flush();
    expect(sink.text()).toBe('held');
    return sink.ended;
  });

  test('timeout closes the connection after its time and delivers nothing', async () => {
    const sink = new Recorder();
    const start = performance.now();
    const closed = new Promise<void>((resolve) => {
      const s = createStage(parseToxic({ type: 'timeout', attributes: { timeout: 50 } }), sink, { close: resolve, reset() {} }, seededDraws(1));
      s.write(Buffer.from('x'));
    });
    await closed;
    expect(performance.now() - start).toBeGreaterThanOrEqual(45);
    expect(sink.pieces).toEqual([]);
  });

  test('reset_peer resets the connection after its time', async () => {
    const sink = new Recorder();
    const start = performance.now();
    await new Promise<void>((resolve) => {
      createStage(parseToxic({ type: 'reset_peer', attributes: { timeout: 30 } }), sink, { close() {}, reset: resolve }, seededDraws(1));
    });
    expect(performance.now() - start).toBeGreaterThanOrEqual(25);
  });
});

describe('parseToxic', () => {
  test('fills defaults', () => {
    expect(parseToxic({ type: 'latency', attributes: { latency: 5 } })).toEqual({ type: 'latency', attributes: { latency: 5, jitter: 0 } });
    expect(parseToxic({ type: 'timeout' })).toEqual({ type: 'timeout', attributes: { timeout: 0 } });
  });

  test.each([
    [{ type: 'latency', attributes: { latency: -1 } }, 'attributes.latency: should be at least 0, is -1'],
    [{ type: 'slicer', attributes: { averageSize: 4, sizeVariation: 4 } }, 'attributes.sizeVariation: sizeVariation must be less than averageSize'],
    [{ type: 'slicer', attributes: { averageSize: 0.5 } }, 'attributes.averageSize: should be a whole number, is 0.5'],
    [{ type: 'bandwidth', attributes: {} }, 'attributes.rate: missing (expected a number)'],
    [{ type: 'latency', attributes: { latency: 1, lag: 2 } }, 'attributes: unknown field "lag"'],
    [{ type: 'packet_loss' }, 'type: not one of \'latency\', \'bandwidth\', \'slicer\', \'timeout\', \'reset_peer\', is the string "packet_loss"'],
    [5, 'toxic: should be an object, is 5'],
  ])('rejects %j in one line of our words', (input, message) => {
    expect(() => parseToxic(input)).toThrow(new Error(`invalid toxic: ${message}`));
  });
});
