// The simulator's line writer: every line reaches the file by close, and a line written after close is an error, not lost.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineFile } from '../../src/sim/line-file.js';
import { tempDir } from '../helpers/cli.js';

describe('LineFile', () => {
  test('lines past the buffer and the rest at close all reach the file, in order', () => {
    const path = join(tempDir('lamport-linefile-'), 'out.jsonl');
    const file = new LineFile(path, 16);
    const lines = Array.from({ length: 50 }, (_, i) => `{"line":${i}}`);
    for (const line of lines) file.write(line);
    file.close();
    expect(readFileSync(path, 'utf8')).toBe(lines.map((l) => `${l}\n`).join(''));
  });

  test('a write after close throws, naming the file', () => {
    const path = join(tempDir('lamport-linefile-'), 'out.jsonl');
    const file = new LineFile(path);
    file.write('first');
    file.close();
    expect(() => file.write('late')).toThrow(`${path}: line written after the file was closed`);
    expect(readFileSync(path, 'utf8')).toBe('first\n');
  });
});
