// analyze --report on a disk that fills while the report is written: one line, and no cut report left behind.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fromRoot } from '../helpers/repo.js';
import { runScript, tempDir } from '../helpers/cli.js';

const preload = pathToFileURL(fromRoot('test', 'fixtures', 'run-folder', 'full-disk-report.mjs')).href;

test('the tables are printed, the error is one line, exit 2, and the cut file is removed', async () => {
  const dir = tempDir();
  const run = join(dir, 'run');
  expect((await runScript('simulate', ['-m', '2', '-d', '2', '-s', '1', '-q', '-l', run])).exitCode).toBe(0);
  const report = join(dir, 'report.html');
  const r = await runScript('analyze', [run, '--report', report], { env: { NODE_OPTIONS: `--import ${preload}` } });
  expect([r.exitCode, r.stderr]).toEqual([2, `analyze: error: cannot write --report ${report}: no space left on the disk`]);
  expect(r.stdout).toMatch(/^Run run \(/);
  expect(existsSync(report)).toBe(false);
  // Nor the hidden file it was written to first.
  expect(readdirSync(dir).sort()).toEqual(['run']);
});
