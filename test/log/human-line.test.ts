// The human log's line of a send: the peers a send did not reach are named as peers, not read as a count.
import { humanLine } from '../../src/log/format.js';
import type { CoreRecord } from '../../src/core/records.js';

const send = (to: number[], dropped: number[]): CoreRecord => ({ time: Date.UTC(2026, 10, 22, 3, 0, 0, 5), machine: 3, event: 'send', clock: 113, tick: 90, to, dropped, queue: 0 });

describe('humanLine of a send', () => {
  test('names its recipients, and the peers it was not sent to with why', () => {
    expect(humanLine(send([1, 2], []))).toBe('2026-11-22 03:00:00.005 | SEND | Clock: 113 | To: 1, 2, Queue length: 0');
    expect(humanLine(send([1], [2]))).toBe('2026-11-22 03:00:00.005 | SEND | Clock: 113 | To: 1, Not sent to: 2 (not connected or not reading), Queue length: 0');
    expect(humanLine(send([], [2]))).toBe('2026-11-22 03:00:00.005 | SEND | Clock: 113 | To: -, Not sent to: 2 (not connected or not reading), Queue length: 0');
  });
});
