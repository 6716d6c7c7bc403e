// simulate on a disk that fills during the run: one line naming the file and what the run folder holds, exit 1.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fromRoot } from '../helpers/repo.js';
import { runScript, tempDir } from '../helpers/cli.js';

const preload = pathToFileURL(fromRoot('test', 'fixtures', 'run-folder', 'disk-fills.mjs')).href;

test('the error names the log it could not write and says the run stopped there; run.json has no end', async () => {
  const run = join(tempDir(), 'run');
  const r = await runScript('simulate', ['-m', '2', '-r', '1000', '-d', '60', '-s', '1', '-q', '-l', run], { env: { NODE_OPTIONS: `--import ${preload}` } });
  expect(r.exitCode).toBe(1);
  const file = `${run}/machine-[12]\\.(jsonl|log)`.replace(/[/]/g, '\\/');
  expect(r.stderr).toMatch(new RegExp(`^simulate: error: cannot write ${file}: no space left on the disk; the run stopped there, its logs in ${run.replace(/[/]/g, '\\/')} cut short \\(run\\.json has no end time\\)$`));
  expect(JSON.parse(readFileSync(join(run, 'run.json'), 'utf8')).endTime).toBeNull();
});
