// The disk a simulated plan needs at once, counting the earlier runs each new one frees once it has replaced them.
import { describe, expect, test } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderBytes, peakBytes } from '../../src/experiments/plan-log-guard.js';
import { tempDir } from '../helpers/cli.js';

describe('peakBytes', () => {
  test('with no earlier runs, the plan needs every new run at once', () => {
    expect(peakBytes([{ bytes: 10, earlierBytes: 0 }, { bytes: 20, earlierBytes: 0 }])).toBe(30);
  });

  test('an earlier run is freed only after its new run is written: run again, a plan needs its largest run, not the sum', () => {
    const again = [{ bytes: 10, earlierBytes: 10 }, { bytes: 50, earlierBytes: 50 }, { bytes: 20, earlierBytes: 20 }];
    expect(peakBytes(again)).toBe(50);
    // A run growing from 10 to 40 bytes needs its 40 beside its earlier 10, freed only afterwards.
    expect(peakBytes([{ bytes: 40, earlierBytes: 10 }, { bytes: 5, earlierBytes: 0 }])).toBe(40);
    expect(peakBytes([])).toBe(0);
  });
});

describe('folderBytes', () => {
  test('sums the files under a folder, nested ones too; a missing folder is 0', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.jsonl'), 'x'.repeat(100));
    mkdirSync(join(dir, 'charts'));
    writeFileSync(join(dir, 'charts', 'b.svg'), 'y'.repeat(23));
    expect(folderBytes(dir)).toBe(123);
    expect(folderBytes(join(dir, 'none'))).toBe(0);
  });
});
