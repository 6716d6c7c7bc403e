// split2 streams that turn a connection's bytes into frames: lines split on newlines with a bounded length, parsed in
// split2's mapper (the fast path reads `clock:N` digit by digit), malformed lines reported and skipped.
import split2 from 'split2';
import type { Transform } from 'node:stream';
import { MAX_FRAME_CLOCK, parseLine, type Frame } from './frames.js';

export interface FrameHandlers {
  onClock(clock: number): void;
  onHello(id: number): void;
  /** A malformed frame, or bytes left without a newline when the connection ends. */
  onMalformed(reason: string): void;
}

const ZERO = 48;
const MAX_DIGITS = 16;

/** The clock of a well-formed `clock:N` line, or -1 (the line is something else: parseLine decides what). */
function fastClock(line: string): number {
  const end = line.length;
  if (end <= 6 || end > 6 + MAX_DIGITS || line.charCodeAt(0) !== 99 || !line.startsWith('clock:')) return -1;
  let n = 0;
  for (let i = 6; i < end; i++) {
    const d = line.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n <= MAX_FRAME_CLOCK ? n : -1;
}

/**
 * A split2 stream calling `handlers` for every frame; nothing comes out of its readable side (call resume() so that it
 * can end and close). A line longer than `maxLength` characters errors the stream (the caller closes the connection).
 */
export function createFrameSplitter(maxLength: number, handlers: FrameHandlers): Transform {
  let ending = false;
  const stream: Transform = split2(
    '\n',
    (raw: string) => {
      const line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
      if (line.length > maxLength) throw new Error(`line longer than ${maxLength} characters`);
      if (ending) {
        // split2 hands over the bytes after the last newline when the input ends: not a complete frame.
        if (line.length > 0) handlers.onMalformed(`unterminated line at end of connection (${line.length} bytes) ignored`);
        return undefined;
      }
      const clock = fastClock(line);
      if (clock >= 0) {
        handlers.onClock(clock);
        return undefined;
      }
      const result = parseLine(line);
      if (result === null) return undefined;
      if (result.kind === 'malformed') handlers.onMalformed(result.reason);
      else if (result.kind === 'clock') handlers.onClock(result.clock);
      else handlers.onHello(result.id);
      return undefined;
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
    onClock: (clock) => out.push({ kind: 'clock', clock } satisfies Frame),
    onHello: (id) => out.push({ kind: 'hello', id } satisfies Frame),
    onMalformed: options.onMalformed,
  });
  out = splitter;
  return splitter;
}
