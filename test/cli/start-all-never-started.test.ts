// start-all failing before any machine starts (a fault proxy that cannot listen, made so by a preload): run.json still
// ends the run, and analyze and check say why the folder holds no logs.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { processesMentioning } from '../helpers/processes.js';
import { fromRoot } from '../helpers/repo.js';
import { runScript, tempDir, writeConfig } from '../helpers/cli.js';
import type { RunInfo } from '../../src/log/run-info.js';

const preload = pathToFileURL(fromRoot('test', 'fixtures', 'start-all', 'proxy-cannot-listen.mjs')).href;

describe('start-all that fails before its machines start', () => {
  test('a fault proxy that cannot listen: one line, exit 1; run.json has the end, the reason and machines never started', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const faults = join(dir, 'faults.json');
    writeFileSync(faults, JSON.stringify({ events: [{ at: 1, action: 'down', links: '1->2' }] }));
    const runDir = join(dir, 'run');
    const r = await runScript('start-all', ['-c', config, '-d', '2', '--log-dir', runDir, '--faults', faults, '-q'], { env: { NODE_OPTIONS: `--import ${preload}` } });
    expect(r.exitCode).toBe(1);
    const reason = /^cannot open a fault proxy: listen EADDRNOTAVAIL: address not available 127\.0\.0\.1:\d+$/;
    // The one line names the folder, which nothing else names under -q: it holds only run.json, saying why.
    expect(String(r.stderr).split('\n')).toHaveLength(1);
    const named = `; no machine started (${join(runDir, 'run.json')} says so)`;
    expect(String(r.stderr).endsWith(named)).toBe(true);
    const line = String(r.stderr).replace(/^start-all: error: /, '').slice(0, -named.length);
    expect(line).toMatch(reason);
    expect(processesMentioning(config)).toEqual([]);

    expect(readdirSync(runDir).filter((f) => f.startsWith('machine-'))).toEqual([]);
    const info = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunInfo;
    expect(info.stoppedEarly).toBe(line);
    expect(Date.parse(info.endTime!)).toBeGreaterThanOrEqual(Date.parse(info.startTime));
    const never = { exitCode: null, signal: null, started: false };
    expect(info.machines).toEqual({ 1: never, 2: never, 3: never });
    expect(info.stoppedTogether).toBe(false);
    // The schedule's link 1->2 down at 1 s never began: no window, though one was planned (written at the start).
    expect(info.faults).toMatchObject({ steps: [expect.objectContaining({ at: 1 })], windows: [] });
    expect(readdirSync(runDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // The folder's message says the run stopped early and why, not that it may still be going.
    for (const cli of ['check', 'analyze']) {
      const read = await runScript(cli, [runDir]);
      expect([read.exitCode, read.stdout]).toEqual([2, '']);
      expect(read.stderr).toBe(`${cli}: error: ${runDir}: no machine started before the run was stopped (run.json: it stopped early: ${line}): nothing to read`);
    }
  });
});
