// The lock a sweep holds on its folder: made whole in one step, released at the end, taken over when its process has gone.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { claimSweepFolder, LOCK_FILE, runningSweep } from '../../../src/sweep/folder-lock.js';
import { tempDir } from '../../helpers/cli.js';

describe('sweep folder lock', () => {
  test('claimed with this process and host, released at the end; a lock whose process is no running sweep is taken over', () => {
    const out = tempDir('sweep-lock-');
    const lock = join(out, LOCK_FILE);
    const release = claimSweepFolder(out, false);
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toEqual({ pid: process.pid, host: hostname() });
    // This process holds it: not another sweep.
    expect(runningSweep(out)).toBeUndefined();
    release();
    expect(existsSync(lock)).toBe(false);
    // A process that has ended (a sweep killed outright), another host's, a live process that is no sweep (jest's parent), nothing readable.
    for (const left of [{ pid: 2 ** 22 + 12345, host: hostname() }, { pid: process.ppid, host: `${hostname()}-other` }, { pid: process.ppid, host: hostname() }, {}, 'half']) {
      writeFileSync(lock, typeof left === 'string' ? left : JSON.stringify(left));
      expect(runningSweep(out)).toBeUndefined();
      claimSweepFolder(out, true)();
      expect(existsSync(lock)).toBe(false);
    }
    expect(runningSweep(join(out, 'none'))).toBeUndefined();
  });
});
