// `npm run simulate -- --faults` as a user runs it: byte-identical replays, run.json and faults.jsonl as a real run's,
// check passes and analyze shows the faults; a toxic it cannot model is one line and exit 2.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScript, script, tempDir } from '../helpers/cli.js';
import { trackChild } from '../helpers/children.js';
import { waitUntil } from '../helpers/wait.js';
import type { RunInfo } from '../../src/log/run-info.js';

const SCHEDULE = {
  seed: 3,
  events: [
    { at: 2, until: 4, action: 'down', links: 'machine:1' },
    { at: 3, until: 7, action: 'add', links: '2->3', toxic: { type: 'latency', name: 'lag', attributes: { latency: 400, jitter: 150 } } },
    { at: 5, action: 'kill', machine: 3 },
    { at: 8, action: 'restart', machine: 3 },
    { at: 11, action: 'kill', machine: 2 },
  ],
};

const filesOf = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe('simulate --faults', () => {
  it('writes byte-identical folders twice, with run.json and faults.jsonl as a real run\'s; check says OK and analyze shows the faults and the lost messages', async () => {
    const dir = tempDir();
    const faults = join(dir, 'faults.json');
    writeFileSync(faults, JSON.stringify(SCHEDULE));
    const args = ['-m', '3', '-r', '6,5,4', '-d', '14', '-s', '24', '--delay', '50-250', '-p', '0.3', '-f', faults, '-q'];
    for (const name of ['a', 'b']) {
      const r = await runScript('simulate', [...args, '-l', join(dir, name)]);
      expect([r.exitCode, r.stderr]).toEqual([0, '']);
    }
    const a = filesOf(join(dir, 'a'));
    expect(filesOf(join(dir, 'b'))).toEqual(a);
    expect(Object.keys(a)).toContain('faults.jsonl');

    const info = JSON.parse(a['run.json']!) as RunInfo;
    expect(Object.keys(info.faults!)).toEqual(['file', 'schedule', 'steps', 'windows']);
    expect(info.faults!.file).toBe(faults);
    expect(info.faults!.windows.map((w) => [w.kind, w.from, w.to])).toEqual([
      ['down', 2, 4],
      ['toxic', 3, 7],
      ['kill', 5, 8],
      ['kill', 11, 14],
    ]);
    // Machine 2 stays killed: the run did not stop together, as a real run with a machine killed for good.
    expect(info.stoppedTogether).toBe(false);
    const applied = a['faults.jsonl']!.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(applied[0]).toEqual({ time: '2026-01-01T00:00:02.000Z', at: 2, elapsed: 2, action: 'down', description: 'link 1->2 down', link: [1, 2] });
    expect(applied.map((f) => f.action)).toEqual(['down', 'down', 'down', 'down', 'add', 'up', 'up', 'up', 'up', 'kill', 'remove', 'restart', 'kill']);

    const log3 = a['machine-3.jsonl']!.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(log3.filter((r) => r.event === 'start').map((r) => [r.time, r.incarnation])).toEqual([
      ['2026-01-01T00:00:00.000Z', undefined],
      ['2026-01-01T00:00:08.000Z', 2],
    ]);
    expect(a['machine-2.jsonl']).not.toContain('"event":"stop"');

    const check = await runScript('check', [join(dir, 'a')]);
    expect(check.stdout).toContain('OK: every rule holds.');
    // Messages in flight when machine 1's links went down, and to machines 3 and 2 when they were killed.
    expect(check.stdout).toMatch(/lost messages: \d+ \(not violations/);
    expect(check.stdout).toMatch(/from machine \d to machine \d( \(incarnation \d\))? lost: machine \d's connection to machine \d broke before it was delivered/);
    expect(check.stdout).toContain('to machine 3 (incarnation 1) lost: machine 3 (incarnation 1) ended without a stop record (killed or crashed)');
    expect(check.exitCode).toBe(0);

    const analyze = await runScript('analyze', [join(dir, 'a')]);
    expect(analyze.exitCode).toBe(0);
    expect(analyze.stdout).toMatch(/faults +down machine:1: 2 s to 4 s\n/);
    expect(analyze.stdout).toContain('latency 400±150 ms on 2->3: 3 s to 7 s');
    expect(analyze.stdout).toContain('machine 3 killed: 5 s to 8 s');
    expect(analyze.stdout).toContain('machine 2 killed: 11 s to end');
    expect(analyze.stdout).toMatch(/messages +sent \d+, received \d+, left in queues \d+, lost [1-9]/);
  }, 60_000);

  it('refuses a toxic it cannot model in one line, exit 2, before making the run folder; and --no-link-records with --faults', async () => {
    const dir = tempDir();
    const faults = join(dir, 'faults.json');
    writeFileSync(faults, JSON.stringify({ events: [{ at: 1, action: 'down', links: '*' }, { at: 2, action: 'add', links: '1->2', toxic: { type: 'slicer', attributes: { averageSize: 4 } } }] }));
    const r = await runScript('simulate', ['-d', '5', '-f', faults, '-l', join(dir, 'run')]);
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([2, '', `simulate: error: ${faults}: event 2 (events[1]): the simulator cannot model a slicer toxic (latency, down/up, kill and restart only)`]);
    expect(existsSync(join(dir, 'run'))).toBe(false);

    writeFileSync(faults, JSON.stringify({ events: [{ at: 1, action: 'down', links: '*' }] }));
    const noLinks = await runScript('simulate', ['-d', '5', '--faults', faults, '--no-link-records', '-l', join(dir, 'run')]);
    expect(noLinks.exitCode).toBe(2);
    expect(String(noLinks.stderr).trimEnd().split('\n')).toEqual(['simulate: error: --no-link-records cannot go with --faults: analyze and check need the disconnect records to account for the messages a fault lost']);
  });

  it('prints how many steps ran and which were skipped past the end, and an incarnations column', async () => {
    const dir = tempDir();
    const faults = join(dir, 'faults.json');
    writeFileSync(faults, JSON.stringify({ events: [{ at: 1, until: 2, action: 'kill', machine: 2 }, { at: 9, action: 'down', links: '1->3' }] }));
    const r = await runScript('simulate', ['-m', '3', '-r', '2,2,2', '-d', '5', '-s', '1', '-f', faults, '-l', join(dir, 'run')]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`Faults: 1 of 2 events of ${faults} applied (2 steps in faults.jsonl).\nfault at 9 s skipped, the run lasts 5 s: link 1->3 down\n`);
    expect(r.stdout).toMatch(/machine +rate +ticks +final clock +max queue +end queue +incarnations\n/);
    // Machine 2 ticked at 0.5 s (the kill at 1 s comes before the tick due then), and from 2.5 s to 5 s after its restart.
    expect(r.stdout).toMatch(/\n +2 +2 +7 +\d+ +\d+ +\d+ +2\n/);
    // With --quiet, stdout is the folder alone and the skipped step a note on stderr, not dropped.
    const quiet = await runScript('simulate', ['-m', '3', '-r', '2,2,2', '-d', '5', '-s', '1', '-f', faults, '-l', join(dir, 'quiet'), '-q']);
    expect([quiet.exitCode, quiet.stdout, quiet.stderr]).toEqual([0, join(dir, 'quiet'), 'simulate: note: fault at 9 s skipped, the run lasts 5 s: link 1->3 down']);
  });

  it("counts the example schedule in its file's events, not in the steps a selector makes per link", async () => {
    const dir = tempDir();
    const all = await runScript('simulate', ['-f', 'examples/faults-sim.json', '-d', '50', '-r', '1,3,6', '-s', '7', '-l', join(dir, 'all')]);
    expect(all.exitCode).toBe(0);
    // machine:3 is 4 links, down at 20 s and up at 25 s: 11 steps, a line each in faults.jsonl.
    expect(all.stdout).toContain('\nFaults: 4 events of examples/faults-sim.json applied (11 steps in faults.jsonl).\n\n');
    expect(readFileSync(join(dir, 'all', 'faults.jsonl'), 'utf8').trim().split('\n')).toHaveLength(11);
    const early = await runScript('simulate', ['-f', 'examples/faults-sim.json', '-d', '15', '-r', '1,3,6', '-s', '7', '-l', join(dir, 'early')]);
    expect(early.exitCode).toBe(0);
    expect(early.stdout).toContain('\nFaults: 1 of 4 events of examples/faults-sim.json applied (1 step in faults.jsonl).\n3 fault events from 20 s on skipped (the last at 45 s): the run lasts 15 s\n');
  });

  it('a fault window shorter than 0.1 s is given to the millisecond in analyze, not as `0 s to 0 s`', async () => {
    const dir = tempDir();
    const faults = join(dir, 'faults.json');
    writeFileSync(faults, JSON.stringify({ events: [{ at: 2.01, until: 2.05, action: 'down', links: '1->2' }, { at: 3, until: 4, action: 'down', links: '2->1' }] }));
    const sim = await runScript('simulate', ['-m', '3', '-r', '5,5,5', '-d', '5', '-s', '1', '-f', faults, '-q', '-l', join(dir, 'run')]);
    expect(sim.exitCode).toBe(0);
    const analyze = await runScript('analyze', [join(dir, 'run')]);
    expect(analyze.stdout).toContain("down 1->2: 2.01 s to 2.05 s\n");
    expect(analyze.stdout).toMatch(/down 2->1: 3 s to 4 s$/m);
  });

  it('on Ctrl+C keeps the windows that began, closed at the stop, and says which steps never ran; check passes', async () => {
    const dir = tempDir();
    const faults = join(dir, 'faults.json');
    writeFileSync(faults, JSON.stringify({ events: [{ at: 1, until: 2e6, action: 'down', links: '1->2' }, { at: 2, action: 'kill', machine: 3 }, { at: 2.5e6, action: 'restart', machine: 3 }] }));
    const run = join(dir, 'run');
    const child = trackChild(spawn(process.execPath, [script('simulate'), '-d', '3e6', '-r', '6,5,2', '-s', '1', '-f', faults, '-l', run], { stdio: ['ignore', 'pipe', 'pipe'] }));
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      const log = join(run, 'machine-1.jsonl');
      await waitUntil(() => child.exitCode !== null || (existsSync(log) && statSync(log).size > 0), 'the first records on disk');
      child.kill('SIGINT');
      expect(await closed).toBe(130);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await closed;
    }
    const info = JSON.parse(readFileSync(join(run, 'run.json'), 'utf8')) as RunInfo;
    const end = info.simulatedSeconds!;
    expect(info.faults!.windows.map((w) => [w.kind, w.from, w.to])).toEqual([
      ['down', 1, end],
      ['kill', 2, end],
    ]);
    expect(stdout).toContain(`Faults: 2 of 3 events of ${faults} applied (2 steps in faults.jsonl).\n1 fault event from 2500000 s on never ran, and 1 fault event never reached its end (at 2000000 s): interrupted at ${Math.floor(Math.round(end * 1000) / 100) / 10} s\n`);
    const check = await runScript('check', [run]);
    expect([check.exitCode, check.stdout]).toEqual([0, expect.stringContaining('OK: every rule holds.')]);
  }, 60_000);
});
