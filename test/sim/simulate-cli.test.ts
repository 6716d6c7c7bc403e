// `npm run simulate` as a user runs it: run folders, byte-identical replays, the summary, bad input as one line, Ctrl+C.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRunInfo } from '../../src/log/run-info.js';
import { grouped } from '../../src/text/grouped.js';
import { trackChild } from '../helpers/children.js';
import { script, tempDir } from '../helpers/cli.js';
import { fromRoot } from '../helpers/repo.js';
import { waitUntil } from '../helpers/wait.js';
import { runScript } from './run-script.js';

describe('simulate CLI', () => {
  let cwd: string;
  // Removed after the file (test/setup/remove-temp-dirs.ts), once the children a failed test left have been ended.
  beforeEach(() => (cwd = tempDir('sim-cli-')));

  const filesOf = (dir: string) =>
    Object.fromEntries(readdirSync(join(cwd, dir)).sort().map((f) => [f, readFileSync(join(cwd, dir, f), 'utf8')]));

  it('--help says what simulate is in plain words', () => {
    const { code, stdout } = runScript('simulate', ['--help'], cwd);
    expect(code).toBe(0);
    const text = stdout.replace(/\s+/g, ' ');
    expect(text).toContain('Run the machines in virtual time, with the same machine core and the same log files as a real run; simulated seconds pass as fast as their events can be computed, without waiting.');
    expect(text).not.toContain('seconds of simulated time in milliseconds');
  });

  it('writes byte-identical run folders for the same seed and options, and different ones for another seed', () => {
    const args = ['--rates', '1,3.5,6', '--duration', '20', '--delay', '0-40', '-q'];
    for (const [dir, seed] of [['a', '7'], ['b', '7'], ['c', '8']] as const) {
      expect(runScript('simulate', [...args, '--seed', seed, '--log-dir', dir], cwd)).toEqual({ code: 0, stdout: `${dir}\n`, stderr: '' });
    }
    const a = filesOf('a');
    expect(Object.keys(a)).toEqual(['machine-1.jsonl', 'machine-1.log', 'machine-2.jsonl', 'machine-2.log', 'machine-3.jsonl', 'machine-3.log', 'run.json']);
    expect(filesOf('b')).toEqual(a);
    const c = filesOf('c');
    for (const name of Object.keys(a)) expect(c[name]).not.toBe(a[name]);
  });

  it("--tick-offsets starts each machine's tick schedule that late: machines at one rate then leapfrog as a real run's do", () => {
    const args = ['-r', '2,24,24', '-p', '0.7', '-s', '21', '-d', '20', '-q'];
    expect(runScript('simulate', [...args, '-l', 'together'], cwd)).toEqual({ code: 0, stdout: 'together\n', stderr: '' });
    expect(runScript('simulate', [...args, '--tick-offsets', '0,0,2.7', '-l', 'apart'], cwd)).toEqual({ code: 0, stdout: 'apart\n', stderr: '' });
    const records = (dir: string, id: number) => readFileSync(join(cwd, dir, `machine-${id}.jsonl`), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    const stop = (dir: string, id: number) => records(dir, id).at(-1);
    // Together, the two 24/s machines tick at the same instants: a message always arrives after the other's tick, and
    // neither clock ever passes its own count of events. Apart, each often takes the other's message at once.
    for (const id of [2, 3]) expect(stop('together', id)).toMatchObject({ event: 'stop', ticks: 480, clock: 480 });
    for (const id of [2, 3]) expect(stop('apart', id)).toMatchObject({ event: 'stop', ticks: 480, clock: 521 });
    // Machine 3's tick k is due 2.7 ms + k/24 s after the start; the run lasts its 20 s from there, so every machine
    // keeps its full count, as start-all counts a run's duration from when every machine ticks.
    expect(records('apart', 3).find((r) => r.event !== 'start' && r.event !== 'connect')).toMatchObject({ tick: 1, time: '2026-01-01T00:00:00.044Z' });
    expect(stop('apart', 1)).toMatchObject({ ticks: 40, time: '2026-01-01T00:00:20.002Z', tickingMs: 20002.7 });
    expect(stop('apart', 3)).toMatchObject({ ticks: 480, tickingMs: 20000 });
    expect(readRunInfo(join(cwd, 'apart')).tickOffsetsMs).toEqual({ '1': 0, '2': 0, '3': 2.7 });
    expect(readRunInfo(join(cwd, 'together')).tickOffsetsMs).toBeUndefined();
    expect(runScript('check', ['apart'], cwd)).toMatchObject({ code: 0, stdout: expect.stringContaining('OK: every rule holds.') });
    // One per machine, each 0 to 1000 ms: one line and exit 2 otherwise.
    expect(runScript('simulate', [...args, '--tick-offsets', '0,2'], cwd)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'simulate: error: --tick-offsets gives 2 offsets for 3 machines: give one per machine, in id order (such as 0,0,2.7)\n',
    });
    expect(runScript('simulate', ['-m', '1000', '-d', '1', '--tick-offsets', '0'], cwd).stderr).toBe(
      'simulate: error: --tick-offsets gives 1 offset for 1000 machines: give one per machine, in id order (such as 0,0,...,2.7: 1000 numbers)\n',
    );
    writeFileSync(join(cwd, 'kill.json'), JSON.stringify({ events: [{ at: 1, action: 'kill', machine: 3 }] }));
    expect(runScript('simulate', [...args, '--tick-offsets', '0,0,2.7', '-f', 'kill.json'], cwd)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'simulate: error: --tick-offsets cannot go with --faults yet: the fault schedule would run on a clock that starts before the tick schedules\n',
    });
    expect(runScript('simulate', [...args, '--tick-offsets', '0,2,-1'], cwd)).toMatchObject({
      code: 2,
      stderr: "simulate: error: option '--tick-offsets <list>' argument '0,2,-1' is invalid. Must be a comma-separated list of milliseconds from 0 to 1000, one per machine, such as 0,0,2.7.\n",
    });
  });

  it('writes run.json with mode "simulated" and virtual start and stop times, and prints a per-machine summary', () => {
    const result = runScript('simulate', ['--machines', '4', '--rates', '2,2,2,0.5', '-d', '10', '-s', '3', '--start-time', '2025-03-05T12:00:00Z', '-l', 'run'], cwd);
    expect(result.code).toBe(0);
    const info = readRunInfo(join(cwd, 'run'));
    expect(info).toMatchObject({
      mode: 'simulated',
      seed: 3,
      rates: { '1': 2, '2': 2, '3': 2, '4': 0.5 },
      durationSeconds: 10,
      startTime: '2025-03-05T12:00:00.000Z',
      endTime: '2025-03-05T12:00:10.000Z',
      stoppedTogether: true,
    });
    // Name and version, no commit: the same inputs give the same bytes whatever the checkout.
    expect(info.tool).toEqual({ name: 'lamport-lab', version: JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')).version });
    expect(info.config.machines['4']).toEqual({ host: '127.0.0.1', port: 5004 });
    const lines = readFileSync(join(cwd, 'run', 'machine-4.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ event: 'start', time: '2025-03-05T12:00:00.000Z', rate: 0.5, seed: 3 });
    expect(lines.at(-1)).toMatchObject({ event: 'stop', time: '2025-03-05T12:00:10.000Z', ticks: 5 });
    expect(result.stdout).toContain('Simulated 10 s of 4 machines');
    expect(result.stdout).toMatch(/\nmachine +rate +ticks +final clock +max queue +end queue\n/);
    expect(result.stdout).toMatch(/\n +4 +0\.5 +5 +\d+ +\d+ +\d+\n/);
    // simulate does not analyse its run, as start-all does: it says how.
    expect(result.stdout).toMatch(/\nlogs: run\nanalyze them: npm run analyze -- run \(add --report run\/report\.html for the charts\)\n$/);
  });

  it('gives every machine the one rate of -r when -m gives the count (-m 6 -r 6), and keeps -r 6 alone an error', () => {
    expect(runScript('simulate', ['-m', '6', '-r', '6', '-d', '2', '-s', '1', '-q', '-l', 'same'], cwd)).toEqual({ code: 0, stdout: 'same\n', stderr: '' });
    expect(readRunInfo(join(cwd, 'same')).rates).toEqual({ '1': 6, '2': 6, '3': 6, '4': 6, '5': 6, '6': 6 });
    const alone = runScript('simulate', ['-r', '6', '-d', '2', '-s', '1', '-q', '-l', 'alone'], cwd);
    expect([alone.code, alone.stderr]).toEqual([2, 'simulate: error: --rates has 1 value for 3 machines (1-3): give one rate per machine, such as 6,6,6; or, for 6 machines, -m 6\n']);
  });

  it('reads a --start-time without a zone as UTC, so the files are the same under any TZ', () => {
    const args = ['-d', '5', '-s', '1', '--start-time', '2020-05-05T10:00:00', '-q'];
    for (const tz of ['UTC', 'America/New_York', 'Asia/Kolkata']) {
      const dir = tz.replace('/', '-');
      expect(runScript('simulate', [...args, '-l', dir], cwd, { TZ: tz })).toEqual({ code: 0, stdout: `${dir}\n`, stderr: '' });
    }
    expect(readRunInfo(join(cwd, 'UTC')).startTime).toBe('2020-05-05T10:00:00.000Z');
    expect(filesOf('America-New_York')).toEqual(filesOf('UTC'));
    expect(filesOf('Asia-Kolkata')).toEqual(filesOf('UTC'));
    // A zone given is honoured.
    expect(runScript('simulate', ['-d', '5', '-s', '1', '--start-time', '2020-05-05T10:00:00-04:00', '-l', 'zoned', '-q'], cwd).code).toBe(0);
    expect(readRunInfo(join(cwd, 'zoned')).startTime).toBe('2020-05-05T14:00:00.000Z');
  });

  it('uses ./config.json when present, and says where a picked seed can be replayed from', () => {
    writeFileSync(join(cwd, 'config.json'), JSON.stringify({ machines: { '5': { host: 'h', port: 1, rate: 4 }, '9': { host: 'h', port: 2, rate: 1 } }, durationSeconds: 3 }));
    const result = runScript('simulate', ['-l', 'out'], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Seed \d+ \(picked now; pass --seed to replay\); config: config\.json/);
    expect(readRunInfo(join(cwd, 'out')).rates).toEqual({ '5': 4, '9': 1 });
  });

  it('warns, --quiet or not, when a queue reached its capacity: its max queue is the cap, not a measured figure', () => {
    const machines = { '1': { host: 'h', port: 1 }, '2': { host: 'h', port: 2 }, '3': { host: 'h', port: 3 } };
    writeFileSync(join(cwd, 'small-queue.json'), JSON.stringify({ machines, maxQueue: 20 }));
    const args = ['-c', 'small-queue.json', '-r', '1,6,6', '-d', '30', '-s', '1'];
    const result = runScript('simulate', [...args, '-l', 'loud'], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ +1 +1 +30 +\d+ +20 +\d+ +(\d+)$/m);
    const refused = Number(/^ +1 +1 +30 +\d+ +20 +\d+ +(\d+)$/m.exec(result.stdout)![1]);
    expect(result.stderr).toBe(
      "simulate: warning: machine 1's queue reached its capacity (maxQueue 20 in the config): its max queue is that cap, " +
        `not how long the queue would have grown, and ${refused} messages were refused\n`,
    );
    expect(runScript('simulate', [...args, '-l', 'quiet', '-q'], cwd)).toEqual({ code: 0, stdout: 'quiet\n', stderr: result.stderr });
    // The same run with room in the queues: no warning.
    writeFileSync(join(cwd, 'roomy.json'), JSON.stringify({ machines, maxQueue: 1000 }));
    expect(runScript('simulate', ['-c', 'roomy.json', ...args.slice(2), '-l', 'roomy', '-q'], cwd)).toEqual({ code: 0, stdout: 'roomy\n', stderr: '' });
  });

  it("names the seed range when a config's seed is out of it, as --seed does", () => {
    writeFileSync(join(cwd, 'big-seed.json'), JSON.stringify({ machines: { '1': { host: 'h', port: 1 }, '2': { host: 'h', port: 2 } }, seed: 2147483648 }));
    expect(runScript('simulate', ['-c', 'big-seed.json', '-d', '1', '-l', 'out'], cwd)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'simulate: error: big-seed.json: seed: must be a whole number from 0 to 2147483647, or null for a fresh one per run, is 2147483648\n',
    });
    expect(runScript('simulate', ['-s', '2147483648', '-d', '1', '-l', 'out'], cwd).stderr).toContain('Must be a whole number from 0 to 2147483647.');
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });

  it('reads a config.json saved with a UTF-8 byte order mark', () => {
    const config = JSON.stringify({ machines: { '1': { host: 'h', port: 1, rate: 2 }, '2': { host: 'h', port: 2, rate: 5 } }, durationSeconds: 3 });
    writeFileSync(join(cwd, 'bom.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(config)]));
    expect(runScript('simulate', ['--config', 'bom.json', '-s', '1', '-l', 'out', '-q'], cwd)).toEqual({ code: 0, stdout: 'out\n', stderr: '' });
    expect(readRunInfo(join(cwd, 'out')).rates).toEqual({ '1': 2, '2': 5 });
  });

  it('logs connect and disconnect records like a real run, unless --no-link-records', () => {
    expect(runScript('simulate', ['-d', '2', '-s', '1', '-l', 'with', '-q'], cwd).code).toBe(0);
    expect(runScript('simulate', ['-d', '2', '-s', '1', '-l', 'without', '-q', '--no-link-records'], cwd).code).toBe(0);
    const events = (dir: string) => read(dir).map((r) => r.event);
    const read = (dir: string) => readFileSync(join(cwd, dir, 'machine-2.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(events('with').filter((e) => e === 'connect' || e === 'disconnect')).toEqual(['connect', 'connect', 'disconnect', 'disconnect']);
    expect(events('without')).toEqual(events('with').filter((e) => e !== 'connect' && e !== 'disconnect'));
  });

  it('names --no-link-records when a large mesh\'s connect and disconnect records come to tens of MB, even with -q; not once they are left out', () => {
    const withLinks = runScript('simulate', ['-m', '300', '-d', '0.01', '-s', '1', '-l', 'with', '-q'], cwd);
    expect(withLinks.code).toBe(0);
    expect(withLinks.stderr).toMatch(/^simulate: note: about 2\d\.\d MB of the logs are connect and disconnect records \(300 machines, each connected to the 299 others\); --no-link-records leaves them out\n$/);
    const without = runScript('simulate', ['-m', '300', '-d', '0.01', '-s', '1', '-l', 'without', '-q', '--no-link-records'], cwd);
    expect([without.code, without.stderr]).toEqual([0, '']);
    // Below the size, no note: the 3-machine runs of the other tests print none either.
    expect(runScript('simulate', ['-m', '250', '-d', '0.01', '-s', '1', '-l', 'smaller', '-q'], cwd).stderr).toBe('');
  });

  it('creates a fresh folder under logs/ when no --log-dir is given', () => {
    const result = runScript('simulate', ['-d', '1', '-s', '5'], cwd);
    expect(result.code).toBe(0);
    const dirs = readdirSync(join(cwd, 'logs'));
    expect(dirs).toEqual([expect.stringMatching(/^sim-\d{8}-\d{6}-seed5$/)]);
    expect(result.stdout).toContain(`logs: ${join('logs', dirs[0]!)}\n`);
    expect(readRunInfo(join(cwd, 'logs', dirs[0]!)).mode).toBe('simulated');
    // Quiet prints the folder it made, alone on its line, so a script can take it.
    const quiet = runScript('simulate', ['-d', '1', '-s', '6', '-q'], cwd);
    expect(quiet).toMatchObject({ code: 0, stderr: '' });
    expect(quiet.stdout).toMatch(/^logs\/sim-\d{8}-\d{6}-seed6\n$/);
    expect(readRunInfo(join(cwd, quiet.stdout.trim())).seed).toBe(6);
  });

  it.each([
    [['--rates', '1,0,3'], /--rates.*Must be a comma-separated list of positive numbers/],
    [['--rates', '1e14,1,1'], /^simulate: error: option '-r, --rates <list>' argument '1e14,1,1' is invalid\. Each rate must be at most 1,000,000 ticks per second\.\n$/],
    [['--internal-prob', '1.5'], /--internal-prob.*Must be between 0 and 1/],
    [['--machines', '1001'], /^simulate: error: option '-m, --machines <n>' argument '1001' is invalid\. Must be a whole number from 2 to 1000\.\n$/],
    [['--machines', '0'], /^simulate: error: option '-m, --machines <n>' argument '0' is invalid\. Must be a whole number from 2 to 1000\.\n$/],
    [['--rates', '1,2'], /--rates has 2 values for 3 machines \(1-3\): give one rate per machine, or -m 2 for 2 machines\n$/],
    [['-r', '5'], /--rates has 1 value for 3 machines \(1-3\): give one rate per machine, such as 5,5,5; or, for 5 machines, -m 5\n$/],
    [['-r', '2.5'], /--rates has 1 value for 3 machines \(1-3\): give one rate per machine, such as 2\.5,2\.5,2\.5\n$/],
    // The count given with -m: no other -m is suggested (-m 5 -r 1,2 was told "or -m 2 for 2 machines").
    [['-m', '5', '-r', '1,2'], /--rates has 2 values for 5 machines \(1-5\): give one rate per machine, or one rate for all of them \(-r 1\)\n$/],
    [['--delay', '5-1'], /--delay.*minimum must not exceed the maximum/],
    [['--start-time', 'soon'], /--start-time must be an ISO-8601 time/],
    [['--config', 'missing.json'], /cannot read config missing.json: no such file/],
    [['--duration', '-1'], /--duration.*Must be greater than 0/],
    [['--duration', '0'], /--duration.*Must be greater than 0/],
  ])('rejects %j with one line and exit 2, before writing anything', (args, message) => {
    const result = runScript('simulate', [...args, '-l', 'out'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });

  it('refuses a run whose logs would not fit on the disk, with one line naming the estimate and the free space, before writing anything', () => {
    for (const [args, where] of [[['-l', 'deep/er/out'], realpathSync(cwd)], [['-l', join(cwd, 'out'), '--no-link-records'], cwd]] as const) {
      const result = runScript('simulate', ['--rates', '6,5,2', '-d', '1e12', '-s', '1', ...args], cwd);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^simulate: error: this run would write about \d+\.\d [kMGTPEZY]B of logs \(1e12 s at 13 ticks\/s in all\); (.+) has \d+\.\d [kMGTPEZY]B free: give a shorter -d, fewer machines or lower rates, or a --log-dir on a disk with room\n$/);
      expect(result.stderr).toContain(` ${where} has `);
      expect(result.stdout).toBe('');
      expect(readdirSync(cwd)).toEqual([]);
    }
  });

  it('names a run folder that cannot be made (under /proc, behind a file) before estimating the disk space there, and leaves nothing', () => {
    writeFileSync(join(cwd, 'a-file'), '');
    for (const [dir, why] of [['/proc/lamport-lab-test/run', 'folders cannot be made there'], ['a-file/run', 'a file is in the way']]) {
      const result = runScript('simulate', ['-d', '5', '-s', '1', '-l', dir!], cwd);
      expect([result.code, result.stderr, result.stdout]).toEqual([2, `simulate: error: cannot create the run folder ${dir}: ${why}\n`, '']);
    }
    expect(readdirSync(cwd)).toEqual(['a-file']);
  });

  /**
   * Starts a long simulation into `run`, waits until its logs reach the disk, calls `meanwhile` (if given), sends
   * `signal`, and waits for the end.
   */
  async function interrupt(signal: NodeJS.Signals, args: string[], meanwhile?: (child: ChildProcess) => void) {
    const child = trackChild(spawn(process.execPath, [script('simulate'), '-d', '3e6', '--rates', '6,5,2', '-s', '1', '-l', 'run', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] }));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      const log = join(cwd, 'run', 'machine-1.jsonl');
      await waitUntil(() => child.exitCode !== null || (existsSync(log) && statSync(log).size > 0), 'the first records on disk');
      expect(child.exitCode).toBeNull();
      meanwhile?.(child);
      child.kill(signal);
      return { code: await closed, stdout, stderr };
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await closed;
    }
  }

  it('on Ctrl+C ends the run at the current virtual instant as a full run ends, says so, and exits 130; check passes, no machine crashed', async () => {
    // Latency draws put most events at fractions of a millisecond: the run ends at one of them.
    const { code, stdout, stderr } = await interrupt('SIGINT', ['-q', '--delay', '0-40']);
    expect(code).toBe(130);
    const info = readRunInfo(join(cwd, 'run'));
    expect(info).toMatchObject({ mode: 'simulated', durationSeconds: 3e6, stoppedTogether: true, interrupted: true });
    const seconds = info.simulatedSeconds!;
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(3e6);
    // To the millisecond, as the times of run.json and the records say.
    expect(seconds).toBe(Number(seconds.toFixed(3)));
    expect(Date.parse(info.endTime!) - Date.parse(info.startTime)).toBe(Math.round(seconds * 1000));
    expect(stderr).toBe(`simulate: interrupted at ${grouped(seconds)} virtual seconds of 3,000,000; the run up to there is complete in run\n`);
    expect(stdout).toBe('run\n');
    for (const id of [1, 2, 3]) {
      const last = JSON.parse(readFileSync(join(cwd, 'run', `machine-${id}.jsonl`), 'utf8').trimEnd().split('\n').at(-1)!);
      expect(last).toMatchObject({ event: 'stop', time: info.endTime });
    }
    const check = runScript('check', ['run'], cwd);
    expect([check.code, check.stdout]).toEqual([0, expect.stringContaining('OK: every rule holds.')]);
    const analysis = runScript('analyze', ['run', '--json'], cwd);
    expect(analysis.code).toBe(0);
    const machines = JSON.parse(analysis.stdout).runs[0].machines as { crashed: boolean }[];
    expect(machines.map((m) => m.crashed)).toEqual([false, false, false]);
  });

  it('on SIGTERM ends the run the same way, prints its summary, and exits 143', async () => {
    const { code, stdout, stderr } = await interrupt('SIGTERM', []);
    expect(code).toBe(143);
    const info = readRunInfo(join(cwd, 'run'));
    expect(info).toMatchObject({ interrupted: true, interruptedBy: 'SIGTERM', simulatedSeconds: expect.any(Number) });
    expect(stdout).toContain(`Simulated ${grouped(info.simulatedSeconds!)} s (interrupted: 3,000,000 s planned) of 3 machines`);
    // The analysis names the signal, not Ctrl+C.
    expect(runScript('analyze', ['run'], cwd).stdout.split('\n')[0]).toMatch(/; interrupted \(SIGTERM\) after [\d.,]+ s of a planned 3,000,000 s$/);
    // Logs of several GB get a note first (-q leaves it out, as in the Ctrl+C test).
    expect(stderr).toMatch(
      /^simulate: note: this run writes about \d+\.\d GB of logs \(3e6 s at 13 ticks\/s in all\); Ctrl\+C ends it early, its logs complete\nsimulate: interrupted at [\d.,]+ virtual seconds of 3,000,000; the run up to there is complete in run\n$/,
    );
    expect(runScript('check', ['run'], cwd).code).toBe(0);
  });

  it('on SIGHUP (its terminal was closed) ends the run the same way and exits 129', async () => {
    // Checked while it runs, the folder's run.json has no end time yet: check says the run may still be going, and
    // calls no machine crashed, nor any of the sends not yet in its sender's log "never written before it crashed".
    // Paused meanwhile: its logs grow faster than check reads them, and check reads to their end.
    let during: ReturnType<typeof runScript> | undefined;
    const { code } = await interrupt('SIGHUP', ['-q'], (child) => {
      child.kill('SIGSTOP');
      try {
        during = runScript('check', ['run'], cwd);
      } finally {
        child.kill('SIGCONT');
      }
    });
    // (A log paused mid-line also gets a note of its cut-off last line.)
    expect(during!.stderr).toContain(
      'check: note: run: run.json has no end time: the run may still be going (or the command running it was killed), so a machine without a stop record may still be running rather than crashed\n',
    );
    expect(during!.stdout).toContain('no stop record (still running, or crashed):');
    expect(during!.stdout).not.toMatch(/crashed:|before it crashed/);
    expect(code).toBe(129);
    expect(readRunInfo(join(cwd, 'run'))).toMatchObject({ interrupted: true });
    expect(runScript('check', ['run'], cwd).code).toBe(0);
  });

  it('-m with a config whose machines give their own rates says those rates are not used; with --rates it says nothing', () => {
    const config = join(cwd, 'rated.json');
    const machines = { '1': { host: '127.0.0.1', port: 5001, rate: 0.5 }, '2': { host: '127.0.0.1', port: 5002, rate: 500 }, '3': { host: '127.0.0.1', port: 5003 } };
    writeFileSync(config, JSON.stringify({ machines }));
    const note = 'simulate: note: --machines 4 makes its own machines, so the rates the config gives machines 1, 2 are not used: every rate is drawn from rateRange (give --rates to choose them)\n';
    expect(runScript('simulate', ['-c', config, '-m', '4', '-d', '1', '-s', '1', '-q', '-l', 'a'], cwd)).toEqual({ code: 0, stdout: 'a\n', stderr: note });
    expect(runScript('simulate', ['-c', config, '-m', '4', '-r', '2', '-d', '1', '-s', '1', '-q', '-l', 'b'], cwd)).toEqual({ code: 0, stdout: 'b\n', stderr: '' });
  });

  it('refuses a log folder that already holds a run', () => {
    expect(runScript('simulate', ['-d', '1', '-s', '1', '-l', 'out', '-q'], cwd).code).toBe(0);
    const before = filesOf('out');
    const again = runScript('simulate', ['-d', '2', '-s', '2', '-l', 'out', '-q'], cwd);
    expect(again.code).toBe(2);
    expect(again.stderr.trim()).toBe('simulate: error: out already holds a run (machine-1.jsonl); choose another --log-dir');
    expect(filesOf('out')).toEqual(before);
  });
});
