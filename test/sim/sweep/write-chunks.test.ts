// writeChunks: a file written from pieces, a megabyte at a time, holds exactly the pieces in order.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/cli.js';
import { writeChunks } from '../../../src/sweep/write-chunks.js';

describe('writeChunks', () => {
  test('pieces past several megabytes, with multi-byte characters, come out whole and in order', () => {
    const file = join(tempDir('lamport-chunks-'), 'out.csv');
    const pieces = function* () {
      for (let i = 0; i < 300_000; i++) yield `${i},µ-${'x'.repeat(i % 17)}\n`;
    };
    writeChunks(file, pieces());
    const text = readFileSync(file, 'utf8');
    expect(text).toBe([...pieces()].join(''));
    expect(text.length).toBeGreaterThan(3 * (1 << 20));
  });

  test('a file already there is replaced, not appended to; no pieces make an empty file', () => {
    const file = join(tempDir('lamport-chunks-'), 'out.csv');
    writeFileSync(file, 'old text that is longer than the new\n');
    writeChunks(file, ['a,b\n', '1,2\n']);
    expect(readFileSync(file, 'utf8')).toBe('a,b\n1,2\n');
    writeChunks(file, []);
    expect(readFileSync(file, 'utf8')).toBe('');
  });
});
