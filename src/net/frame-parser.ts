// split2 streams that turn a connection's bytes into frames: lines split on newlines with a bounded length, `clock:N`
// frames read in place by split2's matcher, other lines parsed by its mapper, malformed lines reported and skipped.
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

/**
 * The clock of a well-formed `clock:N` line held in text[start, end), or -1 (the line is something else: parseLine
 * decides what). The prefix is compared character by character: on 11-character lines startsWith costs as much as the
 * whole digit loop.
 */
function clockAt(text: string, start: number, end: number): number {
  if (
    end - start <= 6 ||
    end - start > 6 + MAX_DIGITS ||
    text.charCodeAt(start) !== 99 || // c
    text.charCodeAt(start + 1) !== 108 || // l
    text.charCodeAt(start + 2) !== 111 || // o
    text.charCodeAt(start + 3) !== 99 || // c
    text.charCodeAt(start + 4) !== 107 || // k
    text.charCodeAt(start + 5) !== 58 // :
  ) {
    return -1;
  }
  let n = 0;
  for (let i = start + 6; i < end; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n <= MAX_FRAME_CLOCK ? n : -1;
}

/**
 * split2's matcher (anything String.prototype.split takes): it hands each leading well-formed `clock:N` line straight
 * to `onClock` as it finds it, with no string per line, and splits the rest on newlines as usual, so the first other
 * line (a hello, a malformed frame) and everything after it go through split2's mapper in order. The last piece is
 * the unterminated remainder, which split2 keeps for the next chunk.
 */
function clockFrameMatcher(onClock: (clock: number) => void): { [Symbol.split](text: string): string[] } {
  return {
    [Symbol.split](text: string): string[] {
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        const clock = clockAt(text, start, end);
        if (clock < 0) break;
        onClock(clock);
        start = nl + 1;
      }
      return (start === 0 ? text : text.slice(start)).split('\n');
    },
  };
}

/**
 * A split2 stream calling `handlers` (which must not throw) for every frame; nothing comes out of its readable side
 * (call resume() so that it can end and close). A line longer than `maxLength` characters errors the stream (the caller
 * closes the connection).
 */
export function createFrameSplitter(maxLength: number, handlers: FrameHandlers): Transform {
  let ending = false;
  const stream: Transform = split2(
    clockFrameMatcher(handlers.onClock),
    (raw: string) => {
      const line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
      if (line.length > maxLength) throw new Error(`line longer than ${maxLength} characters`);
      if (ending) {
        // split2 hands over the bytes after the last newline when the input ends: not a complete frame.
        if (line.length > 0) handlers.onMalformed(`unterminated line at end of connection (${line.length} bytes) ignored`);
        return undefined;
      }
      const clock = clockAt(line, 0, line.length);
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
