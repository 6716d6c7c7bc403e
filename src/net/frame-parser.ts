// split2 streams that turn a connection's bytes into frames: `clock:N` lines read in place from the bytes in front of
// split2 (clock-lane.ts), other lines split on newlines with a bounded length and parsed by split2's mapper, malformed
// lines reported and skipped.
import split2 from 'split2';
import type { Transform } from 'node:stream';
import { parseLine, type Frame } from './frames.js';
import { ClockBatch } from './clock-run.js';
import { ClockLane } from './clock-lane.js';
import { plural } from '../text/plural.js';

export interface FrameHandlers {
  /** A run of `clock:N` frames in arrival order: clocks[0..count). The array is reused once the call returns. */
  onClocks(clocks: Float64Array, count: number): void;
  /** A hello: `run` is the dialer's run token, undefined when its hello gave none. */
  onHello(id: number, run?: string): void;
  /** A malformed frame, or bytes left without a newline when the connection ends. */
  onMalformed(reason: string): void;
}

/**
 * split2's matcher (anything String.prototype.split takes): splits what the clock lane passes on at its newlines and
 * keeps the unterminated end itself, leaving split2 an empty remainder. The kept end is bounded like split2's
 * (`maxLength`), but a longer one goes to the mapper, which refuses it naming the limit (split2's own message is
 * "maximum buffer reached").
 */
class LineMatcher {
  private pending = '';

  constructor(private readonly maxLength: number) {}

  [Symbol.split](text: string): string[] {
    // Only the new text is searched: a long line arriving a byte at a time costs no more than arriving at once.
    if (text.indexOf('\n') === -1) return this.keep(this.pending + text, []);
    const lines = text.split('\n');
    lines[0] = this.pending + lines[0];
    return this.keep(lines.pop()!, lines);
  }

  /** Keeps `rest`, the unterminated end, and returns `lines` with an empty remainder; a too-long end goes to the mapper. */
  private keep(rest: string, lines: string[]): string[] {
    const tooLong = rest.length > this.maxLength + 1;
    this.pending = tooLong ? '' : rest;
    if (tooLong) lines.push(rest);
    lines.push('');
    return lines;
  }

  /** The unterminated end kept so far (for the end of the input), now forgotten. */
  takePending(): string {
    const pending = this.pending;
    this.pending = '';
    return pending;
  }
}

/**
 * A split2 stream calling `handlers` (which must not throw) for every frame; nothing comes out of its readable side
 * (call resume() so that it can end and close). A line longer than `maxLength` characters errors the stream (the caller
 * closes the connection).
 */
export function createFrameSplitter(maxLength: number, handlers: FrameHandlers): Transform {
  let ending = false;
  /** Bytes received since the last newline: the size of an unterminated end, counted before UTF-8 decoding. */
  let tailBytes = 0;
  /** Whether the end of the input left an unterminated line (its text, or a UTF-8 sequence cut short). */
  let unterminated = false;
  const batch = new ClockBatch((clocks, count) => handlers.onClocks(clocks, count));
  const matcher = new LineMatcher(maxLength);
  const mapLine = (raw: string): undefined => {
    const line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    if (line.length > maxLength) throw new Error(`line longer than ${maxLength} characters`);
    if (ending) {
      // The bytes after the last newline when the input ends: not a complete frame (warned about once, in _flush).
      if (line.length > 0) unterminated = true;
      return undefined;
    }
    const result = parseLine(line);
    if (result === null) return undefined;
    if (result.kind === 'malformed') handlers.onMalformed(result.reason);
    else if (result.kind === 'clock') {
      batch.add(result.clock);
      batch.flush();
    } else handlers.onHello(result.id, result.run);
    return undefined;
  };
  const stream: Transform = split2(matcher, mapLine, { maxLength });
  const transform = stream._transform.bind(stream);
  /** The error split2 refused a line with; the stream reads nothing after it. */
  let refused: Error | null = null;
  /** The encoding the chunk being written came with (split2 ignores it). */
  let encoding: BufferEncoding = 'utf8';
  const lane = new ClockLane(batch, (bytes) => {
    transform(bytes, encoding, (err?: Error | null) => (refused ??= err ?? null));
    return refused === null;
  });
  stream._transform = (chunk: Buffer, chunkEncoding, callback) => {
    encoding = chunkEncoding;
    const nl = chunk.lastIndexOf(0x0a);
    tailBytes = nl === -1 ? tailBytes + chunk.length : chunk.length - nl - 1;
    lane.write(chunk);
    callback(refused);
  };
  // split2's flush maps what its UTF-8 decoder still holds (a sequence cut short, as U+FFFD) as one more line: the
  // kept end and that line are one unterminated line, reported once with its size in bytes as received.
  const flush = stream._flush.bind(stream);
  stream._flush = (callback) => {
    ending = true;
    lane.end();
    if (refused) return callback(refused);
    try {
      const pending = matcher.takePending();
      if (pending !== '') mapLine(pending);
    } catch (err) {
      callback(err as Error);
      return;
    }
    flush((err) => {
      if (!err && unterminated) handlers.onMalformed(`unterminated line at end of connection (${plural(tailBytes, 'byte')}) ignored`);
      callback(err);
    });
  };
  return stream;
}

export interface FrameParserOptions {
  /** Longest accepted line in characters; a longer one errors the stream. */
  maxLength: number;
  /** Called for each malformed frame, and for bytes left without a newline when the connection ends. */
  onMalformed(reason: string): void;
}

/** The same parser as an object-mode stream of Frame objects (for piping and tests). */
export function createFrameParser(options: FrameParserOptions): Transform {
  let out!: Transform;
  const splitter = createFrameSplitter(options.maxLength, {
    onClocks: (clocks, count) => {
      for (let i = 0; i < count; i++) out.push({ kind: 'clock', clock: clocks[i]! } satisfies Frame);
    },
    onHello: (id, run) => out.push((run === undefined ? { kind: 'hello', id } : { kind: 'hello', id, run }) satisfies Frame),
    onMalformed: options.onMalformed,
  });
  out = splitter;
  return splitter;
}
