// Standard output that cannot be written (`> /dev/full`, a full disk): one line on stderr, exit 1, and the work done.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { runScript, script, tempDir } from '../helpers/cli.js';
import { fromRoot, repoRoot } from '../helpers/repo.js';

const FULL = '/dev/full';
const run = fromRoot('test', 'fixtures', 'analysis', 'basic');

describe.each(existsSync(FULL) ? [FULL] : [])('standard output to %s', (full) => {
  // The device itself as the child's stdout, as `> /dev/full` gives it (a pipe in between would never fill).
  let fd = -1;
  beforeAll(() => {
    fd = openSync(full, 'w');
  });
  afterAll(() => closeSync(fd));
  const runInto = (name: string, args: string[]) => {
    const child = spawnSync(process.execPath, [script(name), ...args], { cwd: repoRoot, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', timeout: 60_000 });
    return { code: child.status, stderr: child.stderr };
  };

  test.each(['check', 'analyze'])('%s says it could not write its output, in one line without a stack trace, and exits 1', (name) => {
    expect(runInto(name, [run])).toEqual({ code: 1, stderr: `${name}: error: cannot write to standard output: no space left on the disk; going on without it\n` });
  });

  test('simulate still completes its run folder: check passes on it', async () => {
    const dir = join(tempDir('lamport-full-'), 'run');
    expect(runInto('simulate', ['-d', '2', '-s', '1', '-l', dir])).toEqual({
      code: 1,
      stderr: 'simulate: error: cannot write to standard output: no space left on the disk; going on without it\n',
    });
    const check = await runScript('check', [dir]);
    expect([check.exitCode, String(check.stdout).split('\n').at(-1)]).toEqual([0, 'OK: every rule holds.']);
  });
});
