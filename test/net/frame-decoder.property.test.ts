// FrameDecoder against the split2 parser it replaced (kept here as the reference): for any bytes cut anywhere, the
// same frames, the same warnings and the same error, in the same order.
import fc from 'fast-check';
import split2 from 'split2';
import type { Transform } from 'node:stream';
import { FrameDecoder } from '../../src/net/frame-decoder.js';
import { parseLine, type Frame } from '../../src/net/frames.js';

type Event = Frame | { kind: 'warn'; reason: string } | { kind: 'error'; message: string };

/** The parser as it was before FrameDecoder: split2 with a mapper (src/net/frame-parser.ts at commit f4f8cd3). */
function referenceParser(maxLength: number, onMalformed: (reason: string) => void): Transform {
  let ending = false;
  const stream: Transform = split2(
    (line: string) => {
      if (line.length > maxLength) throw new Error(`line longer than ${maxLength} characters`);
      if (ending) {
        if (line.length > 0) onMalformed(`unterminated line at end of connection (${line.length} bytes) ignored`);
        return undefined;
      }
      const result = parseLine(line);
      if (result === null) return undefined;
      if (result.kind === 'malformed') {
        onMalformed(result.reason);
        return undefined;
      }
      return result;
    },
    { maxLength },
  );
  const flush = stream._flush.bind(stream);
  stream._flush = (callback) => {
    ending = true;
    flush(callback);
  };
  return stream;
}

function viaReference(chunks: Uint8Array[], maxLength: number): Promise<Event[]> {
  const events: Event[] = [];
  const parser = referenceParser(maxLength, (reason) => events.push({ kind: 'warn', reason }));
  parser.on('data', (f: Frame) => events.push(f));
  return new Promise((resolve) => {
    parser.on('error', (error) => resolve([...events, { kind: 'error', message: error.message }]));
    parser.on('close', () => resolve(events));
    for (const c of chunks) if (!parser.destroyed) parser.write(Buffer.from(c));
    if (!parser.destroyed) parser.end();
  });
}

function viaDecoder(chunks: Uint8Array[], maxLength: number): Event[] {
  const events: Event[] = [];
  const decoder = new FrameDecoder(maxLength, {
    onClock: (clock) => events.push({ kind: 'clock', clock }),
    onHello: (id) => events.push({ kind: 'hello', id }),
    onMalformed: (reason) => events.push({ kind: 'warn', reason }),
  });
  for (const c of chunks) {
    const error = decoder.write(Buffer.from(c));
    if (error) return [...events, { kind: 'error', message: error.message }];
  }
  const error = decoder.end();
  return error ? [...events, { kind: 'error', message: error.message }] : events;
}

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

// Lines that look like frames, nearly like frames, or not at all, with \n or \r\n or nothing after them.
const line = fc.oneof(
  fc.nat().map((n) => `clock:${n}`),
  fc.bigInt({ min: 0n, max: 10n ** 18n }).map((n) => `clock:${n}`),
  fc.nat(2000).map((n) => `hello:${n}`),
  fc.constantFrom('clock:', 'clock:-1', 'clock:1.5', 'clock: 1', 'clock:4503599627370497', 'clock:4503599627370496', 'clock:0000000000000001', 'hello:x', 'PING', ''),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 90 }),
);
const text = fc.array(fc.tuple(line, fc.constantFrom('\n', '\r\n', '', '\r')), { maxLength: 30 }).map((parts) => parts.map(([l, end]) => l + end).join(''));

describe('FrameDecoder matches the split2 parser it replaced', () => {
  test('frames, warnings and errors are the same for any lines cut anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(), { maxLength: 30 }), fc.constantFrom(16, 24, 64, 128), async (input, positions, maxLength) => {
        const chunks = cut(Buffer.from(input), positions);
        expect(viaDecoder(chunks, maxLength)).toEqual(await viaReference(chunks, maxLength));
      }),
      { numRuns: 500 },
    );
  });

  test('the same for arbitrary bytes (broken UTF-8 included)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.array(fc.nat(), { maxLength: 20 }), fc.constantFrom(16, 64), async (bytes, positions, maxLength) => {
        const chunks = cut(bytes, positions);
        expect(viaDecoder(chunks, maxLength)).toEqual(await viaReference(chunks, maxLength));
      }),
      { numRuns: 500 },
    );
  });
});
