// run.json written whole (a temporary file renamed into place), and its errors in words.
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRunInfo, writeRunInfo, type RunInfo } from '../../src/log/run-info.js';
import { tempDir } from '../helpers/cli.js';

const info = (endTime: string | null): RunInfo => ({
  mode: 'simulated',
  seed: 1,
  rates: { '1': 1, '2': 2 },
  internalProbability: 0.7,
  durationSeconds: 5,
  staggerMs: 0,
  delayMs: [1, 1],
  startTime: '2026-01-01T00:00:00.000Z',
  endTime,
  config: {} as RunInfo['config'],
});

describe('writeRunInfo', () => {
  test('replaces the run.json of a run still going with the finished one, leaving no temporary file', () => {
    const dir = tempDir('lamport-run-info-');
    writeRunInfo(dir, info(null));
    writeRunInfo(dir, info('2026-01-01T00:00:05.000Z'));
    expect(readRunInfo(dir).endTime).toBe('2026-01-01T00:00:05.000Z');
    expect(readdirSync(dir)).toEqual(['run.json']);
  });

  test('a run folder removed while the run went on is said in words, not as ENOENT', () => {
    const dir = join(tempDir('lamport-run-info-'), 'run');
    rmSync(dir, { recursive: true, force: true });
    expect(() => writeRunInfo(dir, info(null))).toThrow(new Error(`cannot write ${join(dir, 'run.json')}: its run folder is gone (removed while the run went on?)`));
  });

  test("a run's first write claims the folder: a second run's first write there fails in one line and leaves the first's run.json", () => {
    const dir = tempDir('lamport-run-info-');
    writeRunInfo(dir, info(null), { first: true });
    expect(readdirSync(dir)).toEqual(['run.json']);
    const second = { ...info(null), seed: 2 };
    expect(() => writeRunInfo(dir, second, { first: true })).toThrow(
      new Error(`cannot write ${join(dir, 'run.json')}: another run wrote one first (two runs given this folder at the same moment?): choose another --log-dir`),
    );
    expect(readRunInfo(dir).seed).toBe(1);
    expect(readdirSync(dir)).toEqual(['run.json']);
    // The run's later writes replace its own run.json as before.
    writeRunInfo(dir, info('2026-01-01T00:00:05.000Z'));
    expect(readRunInfo(dir).endTime).toBe('2026-01-01T00:00:05.000Z');
  });

  test("each process writes a temporary file of its own: another run's, half written in the same folder, is neither taken nor removed", () => {
    const dir = tempDir('lamport-run-info-');
    const theirs = join(dir, 'run.json.4242.tmp');
    writeFileSync(theirs, '{"half": ');
    writeRunInfo(dir, info(null), { first: true });
    writeRunInfo(dir, info('2026-01-01T00:00:05.000Z'));
    expect(readRunInfo(dir).endTime).toBe('2026-01-01T00:00:05.000Z');
    expect(readFileSync(theirs, 'utf8')).toBe('{"half": ');
    expect(readdirSync(dir).sort()).toEqual(['run.json', 'run.json.4242.tmp']);
  });
});
