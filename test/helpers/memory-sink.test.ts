// The test helper's wait: resolves on the write that satisfies it, and a wait that times out says what it waited for.
import type { CoreRecord } from '../../src/core/records.js';
import { MemorySink } from './memory-sink.js';

const internal = (clock: number): CoreRecord => ({ time: 0, machine: 1, event: 'internal', clock, tick: clock, queue: 0 });

test('until resolves on the write that satisfies it', async () => {
  const sink = new MemorySink();
  const waiting = sink.until((records) => records.length === 2, 'two records');
  sink.write(internal(1));
  sink.write(internal(2));
  await expect(waiting).resolves.toBeUndefined();
});

test('until rejects after its deadline, naming what it waited for and the last records', async () => {
  const sink = new MemorySink();
  sink.write(internal(1));
  await expect(sink.until((records) => records.length === 5, 'five records', 50)).rejects.toThrow(
    'timed out after 50 ms waiting for five records; 1 records, the last:\n  {"time":0,"machine":1,"event":"internal","clock":1,"tick":1,"queue":0}',
  );
  // The timed-out waiter is gone: later writes do not call it.
  sink.write(internal(2));
  expect(sink.records).toHaveLength(2);
});
