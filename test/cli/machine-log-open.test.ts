// A machine whose log cannot be opened at its start says which file and why in one line, and exits 2.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runScript, tempDir, writeConfig } from '../helpers/cli.js';
import { logOpenError } from '../../src/cli/log-open-error.js';
import { UsageError } from '../../src/config/errors.js';

describe('a machine log that cannot be opened', () => {
  test.each(['machine-1.jsonl', 'machine-1.log'])('a folder named %s in its place: one line naming it, exit 2', async (name) => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2);
    const logDir = join(dir, 'run');
    mkdirSync(join(logDir, name), { recursive: true });
    const r = await runScript('machine', ['1', '-c', config, '--log-dir', logDir, '-d', '0.1', '--quiet']);
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([2, '', `machine: error: machine 1 cannot open its log ${join(logDir, name)}: a folder is in its place`]);
  });

  test('its folder removed as it started (ENOENT on open) reads as such, not as the system message', () => {
    const gone = Object.assign(new Error("ENOENT: no such file or directory, open '/r/machine-2.log'"), { code: 'ENOENT', syscall: 'open', path: '/r/machine-2.log' });
    const error = logOpenError(2, gone);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe('machine 2 cannot open its log /r/machine-2.log: its folder is gone (removed as the machine started?)');
  });

  test('an error that names no file is left as it is', () => {
    const other = new Error('something else');
    expect(logOpenError(2, other)).toBe(other);
  });
});
