// How an existing machine log ends, read backwards: stopped or crashed, and the incarnation of its last start record.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLogEnd } from '../../src/log/log-end.js';
import { tempDir } from '../helpers/cli.js';

const start = (incarnation?: number) => JSON.stringify({ time: '2026-11-22T03:00:00.000Z', machine: 1, event: 'start', clock: 0, ...(incarnation ? { incarnation } : {}) });
const tick = (n: number) => JSON.stringify({ time: '2026-11-22T03:00:01.000Z', machine: 1, event: 'internal', clock: n, tick: n, queue: 0 });
const stop = JSON.stringify({ time: '2026-11-22T03:00:02.000Z', machine: 1, event: 'stop', clock: 3, ticks: 3, queue: 0 });

describe('readLogEnd', () => {
  const dir = tempDir();
  const file = (name: string, lines: string[], end = '\n') => {
    const path = join(dir, name);
    writeFileSync(path, lines.join('\n') + end);
    return path;
  };

  test("the last start record's rate, seed and internal probability, where they are numbers; the others as ignored", () => {
    const settings = (incarnation: number, seed: unknown) =>
      JSON.stringify({ time: '2026-11-22T03:00:00.000Z', machine: 1, event: 'start', clock: 0, rate: 2.5, seed, internalProbability: 0.7, incarnation });
    expect(readLogEnd(file('kept.jsonl', [settings(1, 3), tick(1), settings(2, 9), tick(1)]))).toEqual({
      stopped: false,
      incarnation: 2,
      rate: 2.5,
      seed: 9,
      internalProbability: 0.7,
    });
    // A seed a machine cannot run with (a string, null, 1e999 read as Infinity, a fraction, a negative) is not kept, but named as ignored.
    const should = 'a whole number from 0 to 2147483647';
    expect(readLogEnd(file('odd-seed.jsonl', [settings(1, 'x'), tick(1)]))).toEqual({ stopped: false, incarnation: 1, rate: 2.5, internalProbability: 0.7, ignored: [{ name: 'seed', value: 'x', should }] });
    expect(readLogEnd(file('null-seed.jsonl', [settings(1, null), tick(1)]))?.ignored).toEqual([{ name: 'seed', value: null, should }]);
    expect(readLogEnd(file('huge-seed.jsonl', [settings(1, 7).replace('"seed":7', '"seed":1e999'), tick(1)]))?.ignored).toEqual([{ name: 'seed', value: Infinity, should }]);
    expect(readLogEnd(file('fraction-seed.jsonl', [settings(1, 1.5), tick(1)]))?.ignored).toEqual([{ name: 'seed', value: 1.5, should }]);
    const outOfRange = JSON.stringify({ time: '2026-11-22T03:00:00.000Z', machine: 1, event: 'start', clock: 0, rate: -3, seed: 4, internalProbability: 7 });
    expect(readLogEnd(file('out-of-range.jsonl', [outOfRange, tick(1)]))).toEqual({
      stopped: false,
      incarnation: 1,
      seed: 4,
      ignored: [
        { name: 'rate', value: -3, should: 'a number greater than 0 and at most 1,000,000' },
        { name: 'internalProbability', value: 7, should: 'a number from 0 to 1' },
      ],
    });
  });

  test('no file, an empty file, or one with no start record: nothing to continue', () => {
    expect(readLogEnd(join(dir, 'missing.jsonl'))).toBeUndefined();
    expect(readLogEnd(file('empty.jsonl', [], ''))).toBeUndefined();
    expect(readLogEnd(file('no-start.jsonl', [tick(1), 'not json']))).toBeUndefined();
  });

  test('a log ending with its stop record stopped; one ending without crashed, in its last start record\'s incarnation', () => {
    expect(readLogEnd(file('stopped.jsonl', [start(), tick(1), stop]))).toEqual({ stopped: true, incarnation: 1 });
    expect(readLogEnd(file('crashed.jsonl', [start(), tick(1), tick(2)]))).toEqual({ stopped: false, incarnation: 1 });
    expect(readLogEnd(file('restarted.jsonl', [start(), tick(1), start(2), tick(1), start(3), tick(1)]))).toEqual({ stopped: false, incarnation: 3 });
  });

  test('an incarnation that is not a whole number from 1 is read as 1 and named, so that counting on from it writes a number', () => {
    const named = (incarnation: string) => `{"time":"2026-11-22T03:00:00.000Z","machine":1,"event":"start","clock":0,"incarnation":${incarnation}}`;
    expect(readLogEnd(file('string-incarnation.jsonl', [named('"3"'), tick(1)]))).toEqual({ stopped: false, incarnation: 1, badIncarnation: '3' });
    expect(readLogEnd(file('huge-incarnation.jsonl', [named('1e999'), tick(1)]))).toEqual({ stopped: false, incarnation: 1, badIncarnation: Infinity });
    expect(readLogEnd(file('fraction-incarnation.jsonl', [named('2.5'), tick(1)]))?.badIncarnation).toBe(2.5);
    expect(readLogEnd(file('zero-incarnation.jsonl', [named('0'), tick(1)]))?.badIncarnation).toBe(0);
    expect(readLogEnd(file('null-incarnation.jsonl', [named('null'), tick(1)]))).toEqual({ stopped: false, incarnation: 1, badIncarnation: null });
    expect(readLogEnd(file('good-incarnation.jsonl', [named('4'), tick(1)]))).toEqual({ stopped: false, incarnation: 4 });
  });

  test('a half-written last line (killed during a write) is skipped', () => {
    expect(readLogEnd(file('half.jsonl', [start(2), tick(1), stop.slice(0, 30)], ''))).toEqual({ stopped: false, incarnation: 2 });
  });

  test('a log much longer than one read, lines split across reads, is read back to its last start record', () => {
    const ticks = Array.from({ length: 5000 }, (_, i) => tick(i + 1)); // about 450 KB
    expect(readLogEnd(file('long.jsonl', [start(), ...ticks, start(4), ...ticks]))).toEqual({ stopped: false, incarnation: 4 });
    expect(readLogEnd(file('long-stopped.jsonl', [start(), ...ticks, stop]))).toEqual({ stopped: true, incarnation: 1 });
  });
});
