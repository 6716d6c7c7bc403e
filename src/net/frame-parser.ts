// A split2 stream that turns a connection's bytes into frames, bounding line length and reporting malformed lines.
import split2 from 'split2';
import type { Transform } from 'node:stream';
import { parseLine, type Frame } from './frames.js';

export interface FrameParserOptions {
  /** Longest accepted line in characters; a longer one errors the stream (the caller closes the connection). */
  maxLength: number;
  /** Called for each malformed frame, and for bytes left without a newline when the connection ends. */
  onMalformed(reason: string): void;
}

/** Returns an object-mode stream: write bytes in, read Frame objects out. */
export function createFrameParser(options: FrameParserOptions): Transform {
  let ending = false;
  const stream: Transform = split2(
    (line: string) => {
      if (line.length > options.maxLength) throw new Error(`line longer than ${options.maxLength} characters`);
      if (ending) {
        // split2 hands over the bytes after the last newline when the input ends: not a complete frame.
        if (line.length > 0) options.onMalformed(`unterminated line at end of connection (${line.length} bytes) ignored`);
        return undefined;
      }
      const result = parseLine(line);
      if (result === null) return undefined;
      if (result.kind === 'malformed') {
        options.onMalformed(result.reason);
        return undefined;
      }
      return result satisfies Frame;
    },
    { maxLength: options.maxLength },
  );
  const flush = stream._flush.bind(stream);
  stream._flush = (callback) => {
    ending = true;
    flush(callback);
  };
  return stream;
}
