// Reading a sweep's files a line at a time (--resume): the same lines and documents as reading them whole.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/cli.js';
import { fromRoot } from '../../helpers/repo.js';
import { readLines } from '../../../src/sweep/read-lines.js';
import { readResultsJson, resultsByLines } from '../../../src/sweep/read-results-json.js';
import { resultsJsonChunks, type SweepResults } from '../../../src/sweep/results.js';
import { writeChunks } from '../../../src/sweep/write-chunks.js';

const published = fromRoot('experiments', 'fault-sweep', 'results.json');

describe('readLines', () => {
  test('gives the lines split("\\n") gives, with multi-byte characters cut across its reads', () => {
    const dir = tempDir('lamport-lines-');
    for (const text of ['', 'one', 'a\nµµ\n', '\n\nµ-€-𝄞\nlast', `${'€'.repeat(10)}\n${'x'.repeat(7)}\n`]) {
      const file = join(dir, 'f.txt');
      writeFileSync(file, text);
      for (const chunk of [1, 2, 3, 5, 1 << 20]) expect([...readLines(file, chunk)]).toEqual(text.split('\n'));
    }
  });
});

describe('readResultsJson', () => {
  const stored = JSON.parse(readFileSync(published, 'utf8')) as SweepResults;

  test("reads the sweep's own layout a row a line into the document JSON.parse reads, with rows or none", () => {
    expect(stored.results.length).toBeGreaterThan(10);
    expect(resultsByLines(published)).toEqual(stored);
    expect(readResultsJson(published)).toEqual(stored);
    const file = join(tempDir('lamport-results-'), 'results.json');
    writeChunks(file, resultsJsonChunks({ ...stored, results: [] }));
    expect(resultsByLines(file)).toEqual({ ...stored, results: [] });
  });

  test('reads another layout (a results.json reformatted by jq or an editor) whole, and refuses what is not JSON as JSON.parse does', () => {
    const file = join(tempDir('lamport-results-'), 'results.json');
    for (const other of [JSON.stringify(stored, null, 2), JSON.stringify(stored)]) {
      writeFileSync(file, other);
      expect(resultsByLines(file)).toBeUndefined();
      expect(readResultsJson(file)).toEqual(stored);
    }
    // Cut short inside its rows: neither layout reads it.
    const text = readFileSync(published, 'utf8');
    writeFileSync(file, text.slice(0, Math.floor(text.length * 0.8)));
    expect(resultsByLines(file)).toBeUndefined();
    expect(() => readResultsJson(file)).toThrow(SyntaxError);
  });
});
