// Framing: split2 turns byte chunks into frames, whatever the chunking; bad lines never reach the clock.
import type { Transform } from 'node:stream';
import { createFrameParser } from '../../src/net/frame-parser.js';
import { helloFrame, parseLine, type Frame } from '../../src/net/frames.js';

interface Outcome {
  frames: Frame[];
  warnings: string[];
  error?: Error;
}

/** Feeds the chunks through a parser and collects what comes out, ending the input at the end. */
function feed(chunks: (string | Buffer)[], maxLength = 64): Promise<Outcome> {
  const out: Outcome = { frames: [], warnings: [] };
  const parser: Transform = createFrameParser({ maxLength, onMalformed: (w) => out.warnings.push(w) });
  parser.on('data', (f: Frame) => out.frames.push(f));
  return new Promise((resolve) => {
    parser.on('error', (error) => resolve({ ...out, error }));
    parser.on('close', () => resolve(out));
    for (const c of chunks) parser.write(c);
    parser.end();
  });
}

describe('parseLine', () => {
  test('reads clock and hello frames and ignores other lines', () => {
    expect(parseLine('clock:42')).toEqual({ kind: 'clock', clock: 42 });
    expect(parseLine('clock:0')).toEqual({ kind: 'clock', clock: 0 });
    expect(parseLine('hello:3')).toEqual({ kind: 'hello', id: 3 });
    // A run token after the id: what start-all's machines say, so that another run's are told apart.
    expect(parseLine('hello:3:9f3a61c0')).toEqual({ kind: 'hello', id: 3, run: '9f3a61c0' });
    expect(parseLine(helloFrame(12, 'lab3-alice.v2').trimEnd())).toEqual({ kind: 'hello', id: 12, run: 'lab3-alice.v2' });
    expect(helloFrame(4)).toBe('hello:4\n');
    expect(parseLine('')).toBeNull();
    expect(parseLine('PING')).toBeNull();
  });

  test.each(['clock:', 'clock:-1', 'clock:1.5', 'clock:12abc', 'clock: 5', 'clock:9007199254740992', 'hello:x', 'hello:3:', 'hello:3:a b', 'hello:3:a:b', 'hello::abc', `hello:3:${'x'.repeat(33)}`])('rejects %p', (line) => {
    expect(parseLine(line)).toMatchObject({ kind: 'malformed' });
  });

  test('a clock over 2^52 is refused saying so, even one that is a safe integer; junk only as malformed', () => {
    const tooLarge = '(over 2^52 = 4503599627370496, the largest clock a frame may carry)';
    expect(parseLine('clock:4503599627370496')).toEqual({ kind: 'clock', clock: 4503599627370496 });
    expect(parseLine('clock:4503599627370497')).toEqual({ kind: 'malformed', reason: `malformed clock frame "clock:4503599627370497" ${tooLarge}` });
    expect(parseLine('clock:9007199254740991')).toEqual({ kind: 'malformed', reason: `malformed clock frame "clock:9007199254740991" ${tooLarge}` });
    expect(parseLine('clock:99999999999999999999')).toEqual({ kind: 'malformed', reason: `malformed clock frame "clock:99999999999999999999" ${tooLarge}` });
    expect(parseLine('clock:-1')).toEqual({ kind: 'malformed', reason: 'malformed clock frame "clock:-1"' });
  });
});

describe('createFrameParser', () => {
  test('a frame split byte by byte arrives once', async () => {
    const text = 'hello:2\nclock:12345\n';
    const out = await feed([...Buffer.from(text)].map((b) => Buffer.from([b])));
    expect(out.frames).toEqual([{ kind: 'hello', id: 2 }, { kind: 'clock', clock: 12345 }]);
    expect(out.warnings).toEqual([]);
  });

  test('many frames in one chunk arrive in order', async () => {
    const text = Array.from({ length: 1000 }, (_, i) => `clock:${i}\n`).join('');
    const out = await feed([text]);
    expect(out.frames.map((f) => (f.kind === 'clock' ? f.clock : -1))).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  test('a hello, then clock frames with CRLF, then a bad line and more frames, all in one chunk: handled in order', async () => {
    const out = await feed(['hello:3\r\nclock:7\r\nclock:8\r\nclock:99999999999999999\nclock:9\n', 'clo', 'ck:10\n']);
    expect(out.frames).toEqual([
      { kind: 'hello', id: 3 },
      { kind: 'clock', clock: 7 },
      { kind: 'clock', clock: 8 },
      { kind: 'clock', clock: 9 },
      { kind: 'clock', clock: 10 },
    ]);
    expect(out.warnings).toEqual([expect.stringContaining('clock:99999999999999999')]);
  });

  test('garbage is skipped with a warning and frames around it still arrive; CRLF works', async () => {
    const out = await feed(['clock:1\r\nclock:oops\n\x00\xff junk\nclock:2\n']);
    expect(out.frames).toEqual([{ kind: 'clock', clock: 1 }, { kind: 'clock', clock: 2 }]);
    expect(out.warnings).toEqual([expect.stringContaining('malformed clock frame')]);
  });

  test('an oversized line errors the stream (the server then closes that connection)', async () => {
    const out = await feed(['clock:1\n', 'x'.repeat(100)], 64);
    expect(out.frames).toEqual([{ kind: 'clock', clock: 1 }]);
    expect(out.error?.message).toMatch(/maximum buffer reached|longer than/);
  });

  test('an oversized complete line inside one chunk is refused too', async () => {
    const out = await feed([`clock:1\n${'9'.repeat(100)}\nclock:2\n`], 64);
    expect(out.frames).toEqual([{ kind: 'clock', clock: 1 }]);
    expect(out.error?.message).toMatch(/longer than 64/);
  });

  test('a frame cut anywhere between chunks, even between CR and LF, arrives once and in order with the rest', async () => {
    const out = await feed(['clock:1\nclock:12', '34\nclock:5\r', '\nhel', 'lo:2\nclock:6\n']);
    expect(out.frames).toEqual([
      { kind: 'clock', clock: 1 },
      { kind: 'clock', clock: 1234 },
      { kind: 'clock', clock: 5 },
      { kind: 'hello', id: 2 },
      { kind: 'clock', clock: 6 },
    ]);
    expect(out.warnings).toEqual([]);
  });

  test('a line cut by a chunk longer than any frame but within the limit in characters (UTF-8) is read whole, and frames after it arrive', async () => {
    const line = Buffer.from(`${'é'.repeat(40)}\n`); // 40 characters, 81 bytes: over the 64 + 1 bytes a cut frame may have
    const out = await feed([Buffer.concat([Buffer.from('clock:1\n'), line.subarray(0, 70)]), Buffer.concat([line.subarray(70), Buffer.from('clock:2\n')])]);
    expect(out.error).toBeUndefined();
    expect(out.frames).toEqual([{ kind: 'clock', clock: 1 }, { kind: 'clock', clock: 2 }]);
    expect(out.warnings).toEqual([]);
  });

  test('nothing after a refused line arrives, even clock frames in the same chunk', async () => {
    const out = await feed([`clock:1\n${'x'.repeat(30)}`, `${'x'.repeat(50)}\nclock:2\n`], 64);
    expect(out.frames).toEqual([{ kind: 'clock', clock: 1 }]);
    expect(out.error?.message).toMatch(/longer than 64/);
  });

  test('bytes without a final newline at the end are not taken as a frame', async () => {
    const out = await feed(['clock:1\nclock:12']);
    expect(out.frames).toEqual([{ kind: 'clock', clock: 1 }]);
    expect(out.warnings).toEqual(['unterminated line at end of connection (8 bytes) ignored']);
  });

  test('an unterminated end with a UTF-8 sequence cut short is one warning counting the bytes received', async () => {
    const out = await feed([Buffer.from([0x41, 0xe2, 0x82])]);
    expect(out.warnings).toEqual(['unterminated line at end of connection (3 bytes) ignored']);
    // Split over chunks and after complete lines, the count is still the bytes after the last newline; one is "1 byte".
    expect((await feed(['clock:1\nab', Buffer.from([0xc3]), Buffer.from([0xa9, 0x63])])).warnings).toEqual(['unterminated line at end of connection (5 bytes) ignored']);
    expect((await feed(['clock:1\nx'])).warnings).toEqual(['unterminated line at end of connection (1 byte) ignored']);
    expect((await feed(['clock:1\n\r'])).warnings).toEqual([]);
  });
});
