// Property tests (fast-check): whatever the bytes and however they are cut, the parser never throws, delivers every
// well-formed frame once and in order, and a machine fed its output keeps a safe, never-decreasing clock.
import fc from 'fast-check';
import { createFrameParser } from '../../src/net/frame-parser.js';
import { MAX_FRAME_CLOCK, type Frame } from '../../src/net/frames.js';
import { MachineCore } from '../../src/core/machine.js';

/** Feeds byte chunks through a parser; resolves with the frames, or with the error that closed the stream. */
function parse(chunks: Uint8Array[], maxLength: number): Promise<{ frames: Frame[]; error?: Error }> {
  const frames: Frame[] = [];
  const parser = createFrameParser({ maxLength, onMalformed: () => {} });
  parser.on('data', (f: Frame) => frames.push(f));
  return new Promise((resolve) => {
    parser.on('error', (error) => resolve({ frames, error }));
    parser.on('close', () => resolve({ frames }));
    for (const c of chunks) if (!parser.destroyed) parser.write(Buffer.from(c));
    if (!parser.destroyed) parser.end();
  });
}

/** Cuts bytes at the given positions. */
function cut(bytes: Uint8Array, positions: number[]): Uint8Array[] {
  const at = [...new Set(positions.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let last = 0;
  for (const p of [...at, bytes.length]) {
    if (p > last) chunks.push(bytes.subarray(last, p));
    last = p;
  }
  return chunks;
}

const goodClock = fc.integer({ min: 0, max: MAX_FRAME_CLOCK }).map((n) => ({ line: `clock:${n}`, frame: { kind: 'clock', clock: n } as Frame }));
const goodHello = fc.integer({ min: 1, max: 1000 }).map((n) => ({ line: `hello:${n}`, frame: { kind: 'hello', id: n } as Frame }));
// Lines without a newline that are not well-formed frames: junk, bad clocks, other commands.
const badLine = fc
  .oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom('clock:', 'clock:-1', 'clock:1.5', 'clock:1e3', 'clock: 1', 'clock:9007199254740993', 'hello:', 'PING'),
  )
  .filter((s) => !/[\r\n]/.test(s) && !/^(clock|hello):\d+$/.test(s))
  .map((line) => ({ line, frame: null }));

describe('frame parser properties', () => {
  test('arbitrary bytes cut anywhere: never throws, only well-formed frames come out', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.array(fc.nat(), { maxLength: 20 }), async (bytes, positions) => {
        const { frames } = await parse(cut(bytes, positions), 64);
        for (const f of frames) {
          if (f.kind === 'clock') expect(Number.isSafeInteger(f.clock) && f.clock >= 0 && f.clock <= MAX_FRAME_CLOCK).toBe(true);
          else expect(Number.isSafeInteger(f.id) && f.id >= 0).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('every well-formed frame is delivered once, in order, however the stream is cut', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(goodClock, goodHello, badLine), { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 40 }), async (lines, positions) => {
        const bytes = Buffer.from(lines.map((l) => `${l.line}\n`).join(''));
        const { frames, error } = await parse(cut(bytes, positions), 64);
        expect(error).toBeUndefined();
        expect(frames).toEqual(lines.flatMap((l) => (l.frame ? [l.frame] : [])));
      }),
      { numRuns: 300 },
    );
  });

  test('LF and CRLF endings mixed, non-ASCII lines among them, cut anywhere: the same frames as reading line by line', async () => {
    const ending = fc.constantFrom('\n', '\r\n');
    const unicodeLine = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !/[\r\n]/.test(s) && !/^(clock|hello):\d+$/.test(s)).map((line) => ({ line, frame: null }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.oneof(goodClock, goodClock, goodHello, badLine, unicodeLine), ending), { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 40 }), async (lines, positions) => {
        const bytes = Buffer.from(lines.map(([l, end]) => `${l.line}${end}`).join(''));
        const { frames, error } = await parse(cut(bytes, positions), 64);
        expect(error).toBeUndefined();
        expect(frames).toEqual(lines.flatMap(([l]) => (l.frame ? [l.frame] : [])));
      }),
      { numRuns: 300 },
    );
  });

  test('a machine fed whatever the parser delivers keeps a safe integer clock that never decreases', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(goodClock, badLine), { maxLength: 40 }), fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { maxLength: 60 }), async (lines, draws) => {
        const { frames } = await parse([Buffer.from(lines.map((l) => `${l.line}\n`).join(''))], 64);
        const core = new MachineCore({ id: 1, peers: [2, 3], rate: 1, internalProbability: 0.7, seed: 1, assumeConnected: true });
        for (const f of frames) if (f.kind === 'clock') core.handleMessage(2, f.clock);
        let previous = core.clock;
        for (const d of draws) {
          core.handleTick(0, d);
          expect(Number.isSafeInteger(core.clock)).toBe(true);
          expect(core.clock).toBeGreaterThan(previous);
          previous = core.clock;
        }
      }),
      { numRuns: 300 },
    );
  });
});
