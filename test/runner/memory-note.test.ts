// The note before starting more machines than the host's available memory holds.
import { describe, expect, test } from '@jest/globals';
import { MACHINE_MB, memoryNote } from '../../src/runner/memory-note.js';

const MB = 2 ** 20;

describe('memoryNote', () => {
  test('machines that fit in the available memory: no note', () => {
    expect(memoryNote(50, 50 * MACHINE_MB * MB)).toBeNull();
  });

  test('more than fit: a note with what they need and what there is', () => {
    expect(memoryNote(400, 20_000 * MB)).toBe(
      'note: 400 machines take about 24,000 MB of memory (about 60 MB each), more than the 20,000 MB available here: the host may swap or kill some of them; run fewer machines',
    );
  });
});
