// Bytes of logs this process has read so far (every LineBatches adds its chunks), for a progress line on long reads.

let bytesRead = 0;

/** Counts `bytes` more read. */
export function countRead(bytes: number): void {
  bytesRead += bytes;
}

/** Bytes read so far by this process, all logs together. */
export function logBytesRead(): number {
  return bytesRead;
}
