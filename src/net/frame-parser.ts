// A stream that turns a connection's bytes into frames (FrameDecoder in a Transform), bounding line length and
// reporting malformed lines. The server uses FrameDecoder directly; this stream form is for piping and tests.
import { Transform } from 'node:stream';
import type { Frame } from './frames.js';
import { FrameDecoder } from './frame-decoder.js';

export interface FrameParserOptions {
  /** Longest accepted line in characters; a longer one errors the stream (the caller closes the connection). */
  maxLength: number;
  /** Called for each malformed frame, and for bytes left without a newline when the connection ends. */
  onMalformed(reason: string): void;
}

/** Returns an object-mode stream: write bytes in, read Frame objects out. */
export function createFrameParser(options: FrameParserOptions): Transform {
  const frames: Frame[] = [];
  const decoder = new FrameDecoder(options.maxLength, {
    onClock: (clock) => frames.push({ kind: 'clock', clock }),
    onHello: (id) => frames.push({ kind: 'hello', id }),
    onMalformed: options.onMalformed,
  });
  const deliver = (stream: Transform, error: Error | undefined, callback: (error?: Error | null) => void) => {
    for (const frame of frames.splice(0)) stream.push(frame satisfies Frame);
    callback(error);
  };
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, callback) {
      deliver(this, decoder.write(chunk), callback);
    },
    flush(callback) {
      deliver(this, decoder.end(), callback);
    },
  });
}
