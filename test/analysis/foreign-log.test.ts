// foreignLogReason: a log's first start record against run.json (seed, time window), and what it leaves alone.
import { foreignLogReason } from '../../src/analysis/foreign-log.js';
import type { CoreRecord } from '../../src/core/records.js';
import type { RunInfo } from '../../src/log/run-info.js';

const t0 = Date.parse('2026-01-01T00:00:00.000Z');
const start = (fields: { seed?: number; time?: number; incarnation?: number } = {}): CoreRecord =>
  ({ time: fields.time ?? t0 + 50, machine: 2, event: 'start', clock: 0, rate: 3, peers: [1, 3], internalProbability: 0.7, seed: fields.seed ?? 5, ...(fields.incarnation ? { incarnation: fields.incarnation } : {}) }) as CoreRecord;
const info = (fields: Partial<RunInfo> = {}): RunInfo => ({ seed: 5, startTime: '2026-01-01T00:00:00.000Z', endTime: '2026-01-01T00:01:00.000Z', ...fields }) as RunInfo;

describe('foreignLogReason', () => {
  test('the seed of the first start record against run.json', () => {
    expect(foreignLogReason(start(), info())).toBeUndefined();
    expect(foreignLogReason(start({ seed: 6 }), info())).toBe('its start record has seed 6 but run.json says 5: a log from another run?');
  });

  test("the rate of the first start record against run.json's for that machine", () => {
    expect(foreignLogReason(start(), info({ rates: { '1': 1, '2': 3, '3': 6 } }))).toBeUndefined();
    expect(foreignLogReason(start(), info({ rates: { '1': 1, '2': 5, '3': 6 } }))).toBe('its start record has rate 3/s but run.json says 5/s: a log from another run?');
    // run.json without this machine's rate: nothing to compare with.
    expect(foreignLogReason(start(), info({ rates: { '1': 1 } }))).toBeUndefined();
  });

  test('a first start outside the run (1 s of slack either side), and both at once', () => {
    expect(foreignLogReason(start({ time: t0 - 900 }), info())).toBeUndefined();
    expect(foreignLogReason(start({ time: t0 + 60_900 }), info())).toBeUndefined();
    expect(foreignLogReason(start({ time: t0 + 86_400_000 }), info())).toBe(
      "its start record is at 2026-01-02T00:00:00.000Z, outside the run's time in run.json (2026-01-01T00:00:00.000Z to 2026-01-01T00:01:00.000Z): a log from another run?",
    );
    expect(foreignLogReason(start({ time: t0 + 86_400_000 }), info({ startTime: undefined }))).toBe(
      "its start record is at 2026-01-02T00:00:00.000Z, outside the run's time in run.json (until 2026-01-01T00:01:00.000Z): a log from another run?",
    );
    expect(foreignLogReason(start({ seed: 6, time: t0 - 5000 }), info({ endTime: null }))).toBe(
      "its start record has seed 6 but run.json says 5, and is at 2025-12-31T23:59:55.000Z, outside the run's time in run.json (from 2026-01-01T00:00:00.000Z on): a log from another run?",
    );
    // A run still going (no end time yet): a late start is no sign.
    expect(foreignLogReason(start({ time: t0 + 86_400_000 }), info({ endTime: null }))).toBeUndefined();
  });

  test('a restart (incarnation 2 or more), no run.json, or a run.json without a seed: nothing said', () => {
    expect(foreignLogReason(start({ seed: 9, time: t0 + 86_400_000, incarnation: 2 }), info())).toBeUndefined();
    expect(foreignLogReason(start({ seed: 6 }), null)).toBeUndefined();
    expect(foreignLogReason(start({ seed: 6 }), info({ seed: undefined as unknown as number }))).toBeUndefined();
  });
});
