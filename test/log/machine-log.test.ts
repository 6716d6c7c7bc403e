// The machine's winston sink: both files get every record in order, batches reach the disk on time (the tick loop's
// flushBefore, or the sink's own timer for records written outside a tick), and close leaves complete files.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMachineLog, humanLogPath, jsonlPath } from '../../src/log/machine-log.js';
import type { CoreRecord } from '../../src/core/records.js';
import { waitUntil } from '../helpers/wait.js';

const internal = (clock: number): CoreRecord => ({ time: Date.UTC(2026, 10, 22, 3, 0, 0, clock), machine: 1, event: 'internal', clock, tick: clock, queue: 0 });
const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('createMachineLog', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'machine-log-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('close writes every record to both files, in order, one line each', async () => {
    const sink = createMachineLog({ dir, machine: 1 });
    for (let c = 1; c <= 500; c++) sink.write(internal(c), true);
    await sink.close();
    const json = lines(jsonlPath(dir, 1)).map((l) => JSON.parse(l) as { clock: number; time: string });
    expect(json.map((r) => r.clock)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(json[0]).toEqual({ time: '2026-11-22T03:00:00.001Z', machine: 1, event: 'internal', clock: 1, tick: 1, queue: 0 });
    const human = lines(humanLogPath(dir, 1));
    expect(human).toHaveLength(500);
    expect(human[0]).toBe('2026-11-22 03:00:00.001 | INTERNAL | Clock: 1 | Queue length: 0');
  });

  test('flushBefore hands the batch to the file only when a long sleep would keep it past the batch time', async () => {
    const sink = createMachineLog({ dir, machine: 2, batchMs: 25 });
    sink.write(internal(1), true);
    sink.flushBefore?.(0); // the next tick is due at once: keep batching
    expect(lines(jsonlPath(dir, 2))).toHaveLength(0);
    sink.flushBefore?.(1000); // the loop sleeps a second: write now (synchronously, so it is on disk already)
    expect(lines(jsonlPath(dir, 2))).toHaveLength(1);
    expect(lines(humanLogPath(dir, 2))).toHaveLength(1);
    await sink.close();
  });

  test('a record written outside a tick reaches the file on the sink timer, without close', async () => {
    const sink = createMachineLog({ dir, machine: 3, batchMs: 10 });
    sink.write(internal(7));
    await waitUntil(() => lines(jsonlPath(dir, 3)).length === 1, 'the batch on disk');
    expect(JSON.parse(lines(jsonlPath(dir, 3))[0]!)).toMatchObject({ clock: 7 });
    await sink.close();
  });

  test('appends to an existing log and refuses writes after close', async () => {
    const first = createMachineLog({ dir, machine: 4 });
    first.write(internal(1));
    await first.close();
    const second = createMachineLog({ dir, machine: 4 });
    second.write(internal(2));
    await second.close();
    expect(lines(jsonlPath(dir, 4)).map((l) => (JSON.parse(l) as { clock: number }).clock)).toEqual([1, 2]);
    expect(() => second.write(internal(3))).toThrow('log written after it was closed');
  });

  test('a log that ends in the middle of a line (a machine killed during a write) gets its newline before new lines', async () => {
    writeFileSync(jsonlPath(dir, 5), '{"time":"2026-11-22T03:00:00.000Z","machine":5,"event":"internal","clo');
    const sink = createMachineLog({ dir, machine: 5 });
    sink.write(internal(7));
    await sink.close();
    const [half, next] = lines(jsonlPath(dir, 5));
    expect(half).toMatch(/"clo$/);
    expect(JSON.parse(next!)).toMatchObject({ event: 'internal', clock: 7 });
  });
});
