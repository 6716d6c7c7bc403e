// A run folder removed while start-all runs: the run still ends, and says in words why it has no summary or run.json.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runScript, tempDir, writeConfig } from '../helpers/cli.js';
import { processesMentioning } from '../helpers/processes.js';
import { waitUntil } from '../helpers/wait.js';

describe('start-all whose run folder is removed during the run', () => {
  test('the machines are stopped, the end says why there is no summary or analysis, one line on stderr, exit 1', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2);
    const runDir = join(dir, 'run');
    const child = runScript('start-all', ['-c', config, '-d', '0', '-l', runDir]);
    await waitUntil(() => [1, 2].every((id) => existsSync(join(runDir, `machine-${id}.jsonl`))), 'both machines to start their logs');
    rmSync(runDir, { recursive: true, force: true });
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(1);
    const out = String(r.stdout).split('\n');
    expect(out.slice(-2)).toEqual([`no summary: ${runDir} was removed during the run, and the machines' logs with it`, 'no analysis: run.json could not be written (see below)']);
    expect(out.filter((l) => /not started|^logs: /.test(l))).toEqual([]);
    expect(r.stderr).toBe(`start-all: error: cannot write ${join(runDir, 'run.json')}: its run folder is gone (removed while the run went on?)`);
    expect(processesMentioning(config)).toEqual([]);
  });

  test('removed and made again: the same end, and no run.json written into the new folder', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2);
    const runDir = join(dir, 'run');
    const child = runScript('start-all', ['-c', config, '-d', '0', '-l', runDir]);
    await waitUntil(() => [1, 2].every((id) => existsSync(join(runDir, `machine-${id}.jsonl`))), 'both machines to start their logs');
    rmSync(runDir, { recursive: true, force: true });
    mkdirSync(runDir);
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(1);
    const out = String(r.stdout).split('\n');
    expect(out.slice(-2)).toEqual([`no summary: ${runDir} was removed during the run, and the machines' logs with it`, 'no analysis: run.json could not be written (see below)']);
    expect(out.filter((l) => /not started|^logs: /.test(l))).toEqual([]);
    expect(r.stderr).toBe(
      `start-all: error: cannot write ${join(runDir, 'run.json')}: its run folder was removed and made again during the run (the machines' logs went with the first)`,
    );
    expect(readdirSync(runDir)).toEqual([]);
    expect(processesMentioning(config)).toEqual([]);
  });
});
