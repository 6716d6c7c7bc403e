// split2 streams that turn a connection's bytes into frames: lines split on newlines with a bounded length, `clock:N`
// frames read in place by split2's matcher (clock-run.ts), other lines parsed by its mapper, malformed lines reported
// and skipped.
import split2 from 'split2';
import type { Transform } from 'node:stream';
import { parseLine, type Frame } from './frames.js';
import { ClockBatch, clockRunEnd } from './clock-run.js';
import { plural } from '../text/plural.js';

export interface FrameHandlers {
  /** A run of `clock:N` frames in arrival order: clocks[0..count). The array is reused once the call returns. */
  onClocks(clocks: Float64Array, count: number): void;
  onHello(id: number): void;
  /** A malformed frame, or bytes left without a newline when the connection ends. */
  onMalformed(reason: string): void;
}

/**
 * split2's matcher (anything String.prototype.split takes). Leading well-formed `clock:N` lines are read in place
 * and handed over in batches (ClockBatch) before the matcher returns; the first other line (a hello, a malformed
 * frame) and everything after it are split on newlines as usual and go through split2's mapper in order.
 *
 * It keeps a chunk's unterminated end itself and always leaves split2 an empty remainder: split2 would prepend its
 * remainder to the next chunk's whole text, a copy per chunk, while this way only the one line that spans two chunks
 * is joined. The kept end is bounded like split2's (`maxLength`); a longer one goes to the mapper, which refuses it.
 */
class ClockFrameMatcher {
  private pending = '';

  constructor(
    private readonly batch: ClockBatch,
    private readonly maxLength: number,
  ) {}

  [Symbol.split](text: string): string[] {
    let start = 0;
    if (this.pending !== '') {
      const nl = text.indexOf('\n');
      if (nl === -1) return this.keep(this.pending + text, []);
      const line = this.pending + text.slice(0, nl + 1);
      if (clockRunEnd(line, 0, this.batch) !== line.length) return this.splitRest(this.pending + text);
      this.pending = '';
      start = nl + 1;
    }
    const stop = clockRunEnd(text, start, this.batch);
    this.batch.flush();
    if (text.indexOf('\n', stop) !== -1) return this.splitRest(text.slice(stop));
    return this.keep(text.slice(stop), []);
  }

  /** The unterminated end kept so far (for the end of the input), now forgotten. */
  takePending(): string {
    const pending = this.pending;
    this.pending = '';
    return pending;
  }

  /** Lines for the mapper; the unterminated end is kept. */
  private splitRest(text: string): string[] {
    const lines = text.split('\n');
    return this.keep(lines.pop()!, lines);
  }

  /**
   * Keeps `rest`, the unterminated end, for the next chunk and returns `lines` for split2 with an empty remainder. An
   * end longer than any accepted line (plus its CR) goes to the mapper instead, which refuses it.
   */
  private keep(rest: string, lines: string[]): string[] {
    const tooLong = rest.length > this.maxLength + 1;
    this.pending = tooLong ? '' : rest;
    if (tooLong) lines.push(rest);
    lines.push('');
    return lines;
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
  const matcher = new ClockFrameMatcher(batch, maxLength);
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
    } else handlers.onHello(result.id);
    return undefined;
  };
  const stream: Transform = split2(matcher, mapLine, { maxLength });
  const transform = stream._transform.bind(stream);
  stream._transform = (chunk: Buffer, encoding, callback) => {
    const nl = chunk.lastIndexOf(0x0a);
    tailBytes = nl === -1 ? tailBytes + chunk.length : chunk.length - nl - 1;
    transform(chunk, encoding, callback);
  };
  // split2's flush maps what its UTF-8 decoder still holds (a sequence cut short, as U+FFFD) as one more line: the
  // kept end and that line are one unterminated line, reported once with its size in bytes as received.
  const flush = stream._flush.bind(stream);
  stream._flush = (callback) => {
    ending = true;
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
    onHello: (id) => out.push({ kind: 'hello', id } satisfies Frame),
    onMalformed: options.onMalformed,
  });
  out = splitter;
  return splitter;
}
