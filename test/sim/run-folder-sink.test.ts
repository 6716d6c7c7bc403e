// The run folder writer: every line equals jsonLine/humanLine of its record, one pair of files per machine, all flushed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CoreRecord } from '../../src/core/records.js';
import { humanLine, jsonLine } from '../../src/log/format.js';
import { humanLogPath, jsonlPath } from '../../src/log/machine-log.js';
import { createRunFolderSink } from '../../src/sim/run-folder-sink.js';
import { simulate } from '../../src/sim/simulation.js';

describe('createRunFolderSink', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sim-sink-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes exactly jsonLine and humanLine of each record, in order, for every kind of record', () => {
    const records: CoreRecord[] = [];
    const ids = [1, 2, 7];
    const sink = createRunFolderSink(dir, ids);
    simulate(
      {
        machines: ids.map((id, i) => ({ id, rate: [1, 3.5, 6][i]! })),
        internalProbability: 0.5,
        seed: 9,
        durationSeconds: 30,
        delayMs: [0, 20],
        startTime: Date.parse('2026-03-01T23:59:50.250Z'),
        maxQueue: 3,
      },
      (r) => {
        records.push(r);
        sink.write(r);
      },
    );
    const warn: CoreRecord = { time: Date.parse('2026-03-02T00:00:21Z') + 0.5, machine: 7, event: 'warn', reason: 'ünïcode, "quotes"' };
    records.push(warn);
    sink.write(warn);
    sink.close();
    expect(new Set(records.map((r) => r.event))).toEqual(new Set(['start', 'connect', 'internal', 'send', 'receive', 'disconnect', 'stop', 'warn']));
    for (const id of ids) {
      const own = records.filter((r) => r.machine === id);
      expect(readFileSync(jsonlPath(dir, id), 'utf8')).toBe(own.map((r) => jsonLine(r) + '\n').join(''));
      expect(readFileSync(humanLogPath(dir, id), 'utf8')).toBe(own.map((r) => humanLine(r) + '\n').join(''));
    }
  });

  it('flushes large files completely on close', () => {
    const sink = createRunFolderSink(dir, [1, 2]);
    let lines = 0;
    simulate(
      { machines: [{ id: 1, rate: 50 }, { id: 2, rate: 60 }], internalProbability: 0.7, seed: 1, durationSeconds: 200, delayMs: [1, 1], startTime: 0 },
      (r) => {
        if (r.machine === 1) lines++;
        sink.write(r);
      },
    );
    sink.close();
    const text = readFileSync(jsonlPath(dir, 1), 'utf8');
    expect(text.length).toBeGreaterThan(1024 * 1024);
    expect(text.split('\n').length - 1).toBe(lines);
    expect(JSON.parse(text.trimEnd().split('\n').at(-1)!)).toMatchObject({ event: 'stop', machine: 1 });
  });
});
