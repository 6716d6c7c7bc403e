// A run folder, or a machine's log, removed while start-all runs: the run still ends, and says in words what is missing.
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runScript, tempDir, writeConfig } from '../helpers/cli.js';
import { processesMentioning } from '../helpers/processes.js';
import { logMatches } from '../helpers/run-logs.js';
import { waitUntil } from '../helpers/wait.js';

/** Starts a run of 2 machines until Ctrl+C and waits until both have written their start records. */
async function twoMachinesStarted() {
  const dir = tempDir();
  const config = await writeConfig(dir, 2);
  const runDir = join(dir, 'run');
  const child = runScript('start-all', ['-c', config, '-d', '0', '-l', runDir]);
  // Their start records: each machine has opened both its logs (machine-<id>.jsonl, then machine-<id>.log) before it
  // writes one. Removed between the two opens, a machine exits on its .log's ENOENT, which is not the case tested here.
  await waitUntil(() => [1, 2].every((id) => logMatches(runDir, id, /"event":"start"/)), 'both machines to write their start records');
  return { config, runDir, child };
}

/** Runs 2 machines until both have written their start records, removes the run folder (and makes it again if `remake`), stops the run. */
async function removeFolderDuringRun(remake: boolean) {
  const { config, runDir, child } = await twoMachinesStarted();
  rmSync(runDir, { recursive: true, force: true });
  if (remake) mkdirSync(runDir);
  child.kill('SIGINT');
  const r = await child;
  const out = String(r.stdout).split('\n');
  // The same end either way: no summary read from logs that are gone, no analysis, exit 1, no machine left.
  expect(r.exitCode).toBe(1);
  expect(out.slice(-2)).toEqual([`no summary: ${runDir} was removed during the run, and the machines' logs with it`, 'no analysis: run.json could not be written (see below)']);
  expect(out.filter((l) => /not started|^logs: /.test(l))).toEqual([]);
  expect(processesMentioning(config)).toEqual([]);
  return { runDir, stderr: r.stderr };
}

describe('start-all whose run folder is removed during the run', () => {
  test('the machines are stopped, the end says why there is no summary or analysis, one line on stderr, exit 1', async () => {
    const { runDir, stderr } = await removeFolderDuringRun(false);
    expect(stderr).toBe(`start-all: error: cannot write ${join(runDir, 'run.json')}: its run folder is gone (removed while the run went on?)`);
  });

  test('removed and made again: the same end, and no run.json written into the new folder', async () => {
    const { runDir, stderr } = await removeFolderDuringRun(true);
    expect(stderr).toBe(
      `start-all: error: cannot write ${join(runDir, 'run.json')}: its run folder was removed and made again during the run (the machines' logs went with the first)`,
    );
    expect(readdirSync(runDir)).toEqual([]);
  });
});

/** Runs 2 machines until both have written their start records, removes `file` of the run folder, stops the run. */
async function removeLogDuringRun(file: string) {
  const { config, runDir, child } = await twoMachinesStarted();
  rmSync(join(runDir, file));
  child.kill('SIGINT');
  const r = await child;
  expect(processesMentioning(config)).toEqual([]);
  const info = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8'));
  return { r, runDir, out: String(r.stdout).split('\n'), info, check: await runScript('check', [runDir]) };
}

describe("a machine's log removed during the run", () => {
  test("its .jsonl: its row and a line say so (not 'not started'), analyze counts it as without a log, exit 1; run.json says it stopped with the others, and check names the missing log", async () => {
    const { r, runDir, out, info, check } = await removeLogDuringRun('machine-2.jsonl');
    expect(r.exitCode).toBe(1);
    expect(out).toContainEqual(expect.stringMatching(/^\s+2\s+\S+\s+log removed or replaced$/));
    expect(out).toContain(`machine 2's log ${join(runDir, 'machine-2.jsonl')} was removed or moved away during the run`);
    expect(out).toContainEqual(expect.stringMatching(/^Run run \(.*\): real, 1 of 2 machines \(1 without a log\),/));
    expect(out.filter((l) => l.includes('not started'))).toEqual([]);
    // Not "machine 2 failed": it stopped as asked; its log is what went wrong.
    expect(String(r.stderr).split('\n')).toEqual([
      `start-all: ${join(runDir, 'machine-2.jsonl')}: missing (run.json names machine 2); read without it`,
      `start-all: error: the log of machine 2 was removed or replaced during the run; logs in ${runDir}`,
    ]);
    expect(info.machines['2']).toMatchObject({ exitCode: 1, signal: null, logDisplaced: true });
    expect(info.machines['1']).toEqual({ exitCode: 0, signal: null });
    expect(info.stoppedTogether).toBe(true);
    expect(check.exitCode).toBe(1);
    expect(String(check.stdout)).toMatch(/FAIL\s+readable/);
    expect(String(check.stdout)).not.toContain('did not stop together');
  });

  test('only its human log (.log): the line names it, exit 1, and check judges the complete .jsonl logs as usual', async () => {
    const { r, runDir, out, info, check } = await removeLogDuringRun('machine-1.log');
    expect(r.exitCode).toBe(1);
    expect(out).toContain(`machine 1's log ${join(runDir, 'machine-1.log')} was removed or moved away during the run`);
    expect(out).toContainEqual(expect.stringMatching(/^Run run \(.*\): real, 2 machines,/));
    expect(info.stoppedTogether).toBe(true);
    expect([check.exitCode, String(check.stdout)]).toEqual([0, expect.stringMatching(/ok\s+conservation/)]);
  });
});
