// scripts/needs-build.mjs, loaded before every npm script: a command not built yet is one line and exit 2, not a stack trace.
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { fromRoot } from '../helpers/repo.js';
import { trackChild } from '../helpers/children.js';
import { tempDir } from '../helpers/cli.js';
import { join } from 'node:path';

const preload = pathToFileURL(fromRoot('scripts', 'needs-build.mjs')).href;
const run = (script: string) => trackChild(execa(process.execPath, ['--import', preload, script], { reject: false, stdin: 'ignore' }));

test('a script not built yet: one line naming it and saying to run npm install, exit 2', async () => {
  const script = join(tempDir('lamport-needs-build-'), 'dist', 'scripts', 'start-all.js');
  const r = await run(script);
  expect([r.exitCode, r.stdout, r.stderr]).toEqual([
    2,
    '',
    `lamport-lab: ${script} is not built yet: run npm install first (it installs the packages and builds the tool), then this command again`,
  ]);
});

test('a built script runs as it would without it', async () => {
  const r = await run(fromRoot('dist', 'scripts', 'check.js'));
  expect([r.exitCode, r.stdout]).toEqual([2, '']);
  expect(r.stderr).toBe("check: error: missing required argument 'run-dir' (usage: check [options] <run-dir...>; --help for more)");
});
