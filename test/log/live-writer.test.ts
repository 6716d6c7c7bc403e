// Which process writes a file: one that has it open for writing counts; a reader (tail -f, a pager) does not.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { liveWriter, liveWriters } from '../../src/log/live-writer.js';
import { holdFile, releaseFile } from '../helpers/file-holder.js';
import { tempDir } from '../helpers/cli.js';

describe('liveWriter', () => {
  test('a process reading the file (as tail -f does) is no writer; one that opened it to append is, by its pid', async () => {
    const dir = tempDir();
    const [a, b] = [join(dir, 'machine-1.jsonl'), join(dir, 'machine-2.jsonl')];
    writeFileSync(a, '{}\n');
    writeFileSync(b, '{}\n');
    const reader = await holdFile(a, 'r');
    expect(liveWriter(a)).toBeUndefined();
    const writer = await holdFile(b, 'a');
    expect(liveWriters([a, b, join(dir, 'gone.jsonl')])).toEqual(new Map([[b, writer.pid]]));
    await Promise.all([releaseFile(reader), releaseFile(writer)]);
    expect(liveWriter(b)).toBeUndefined();
  });
});
