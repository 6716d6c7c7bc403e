// Which process writes a file: one that has it open for writing counts; a reader (tail -f, a pager) does not.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { liveWriter, liveWriters } from '../../src/log/live-writer.js';
import { trackChild } from '../helpers/children.js';
import { tempDir } from '../helpers/cli.js';

/** A child that opens `file` with `mode` ('r' or 'a'), says so on stdout, and holds it until its stdin closes. */
async function holder(file: string, mode: 'r' | 'a') {
  const code = `const fs = require('fs'); fs.openSync(${JSON.stringify(file)}, '${mode}'); process.stdout.write('open\\n'); process.stdin.resume();`;
  const child = trackChild(spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] }));
  await once(child.stdout, 'data');
  return child;
}

async function release(child: Awaited<ReturnType<typeof holder>>): Promise<void> {
  const exited = once(child, 'exit');
  child.stdin.end();
  await exited;
}

describe('liveWriter', () => {
  test('a process reading the file (as tail -f does) is no writer; one that opened it to append is, by its pid', async () => {
    const dir = tempDir();
    const [a, b] = [join(dir, 'machine-1.jsonl'), join(dir, 'machine-2.jsonl')];
    writeFileSync(a, '{}\n');
    writeFileSync(b, '{}\n');
    const reader = await holder(a, 'r');
    expect(liveWriter(a)).toBeUndefined();
    const writer = await holder(b, 'a');
    expect(liveWriters([a, b, join(dir, 'gone.jsonl')])).toEqual(new Map([[b, writer.pid]]));
    await Promise.all([release(reader), release(writer)]);
    expect(liveWriter(b)).toBeUndefined();
  });
});
