// What the checker's link rules keep of a send, receive or refusal while it waits for its other end.
import type { LocatedRecord } from './record-stream.js';

/**
 * What the link rules keep of a send, receive or refusal while it waits for its other end: where it is and when, not
 * the parsed record. A run whose receiver falls behind keeps millions waiting, so each is small, and its line is a
 * copy: the line as read is a slice of a 64 KiB read chunk, and would keep the whole chunk alive.
 */
export interface LinkEnd {
  file: string;
  line: number;
  text: string;
  time: number;
}

/** `at` as a LinkEnd (one per record: a send to several machines waits on each link with the same one). */
export function linkEnd(at: LocatedRecord): LinkEnd {
  return { file: at.file, line: at.line, text: Buffer.from(at.text).toString(), time: at.record.time };
}
