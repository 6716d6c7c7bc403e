// simulate on a disk that fills during the run, or past a limit on file size: one line naming the file and what the
// run folder holds, exit 1.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fromRoot } from '../helpers/repo.js';
import { execa } from 'execa';
import { runScript, script, tempDir } from '../helpers/cli.js';

const preload = pathToFileURL(fromRoot('test', 'fixtures', 'run-folder', 'disk-fills.mjs')).href;

test('the error names the log it could not write and says the run stopped there; run.json has no end', async () => {
  const run = join(tempDir(), 'run');
  const r = await runScript('simulate', ['-m', '2', '-r', '1000', '-d', '60', '-s', '1', '-q', '-l', run], { env: { NODE_OPTIONS: `--import ${preload}` } });
  expect(r.exitCode).toBe(1);
  const file = `${run}/machine-[12]\\.(jsonl|log)`.replace(/[/]/g, '\\/');
  expect(r.stderr).toMatch(new RegExp(`^simulate: error: cannot write ${file}: no space left on the disk; the run stopped there, its logs in ${run.replace(/[/]/g, '\\/')} cut short \\(run\\.json has no end time\\)$`));
  expect(JSON.parse(readFileSync(join(run, 'run.json'), 'utf8')).endTime).toBeNull();
});

test('past a limit on file size (ulimit -f) a log write fails as one line too, instead of the signal ending the process', async () => {
  const run = join(tempDir(), 'run');
  // 40 blocks of 512 bytes: the logs of 60 s at 100/s pass it.
  const simulate = `${process.execPath} ${script('simulate')} -m 2 -r 100 -d 60 -s 1 -q -l ${run}`;
  const r = await execa('sh', ['-c', `ulimit -f 40 && exec ${simulate}`], { reject: false });
  expect([r.exitCode, r.signal]).toEqual([1, undefined]);
  expect(r.stderr).toMatch(/^simulate: error: cannot write .*\/machine-[12]\.(jsonl|log): file too large \(over the limit on file size, ulimit -f\); the run stopped there, /);
});
