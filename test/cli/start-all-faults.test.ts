// start-all --faults with real processes: toxics, cut links, a killed and restarted machine, all logged.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { execa } from 'execa';
import { trackChild } from '../helpers/children.js';
import { machineArgs } from '../helpers/processes.js';
import { runScript, script, tempDir, writeConfig } from '../helpers/cli.js';
import { freeConsecutivePorts } from '../helpers/ports.js';
import { readLog } from '../helpers/run-logs.js';
import { waitUntil } from '../helpers/wait.js';
import { isTickRecord, type MachineRecord } from '../../src/core/records.js';
import type { RunInfo } from '../../src/log/run-info.js';
import { processCommand } from '../../src/net/port-holder.js';

const ms = (r: MachineRecord) => Date.parse(r.time);

describe('npm run start-all -- --faults', () => {
  test('applies the schedule, logs every fault, and a killed machine restarts as incarnation 2 that its peers reach again', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const faults = join(dir, 'faults.json');
    writeFileSync(faults, JSON.stringify({
      seed: 3,
      events: [
        { at: 1, action: 'add', links: '1->2', toxic: { type: 'latency', name: 'lag', attributes: { latency: 100, jitter: 20 } } },
        { at: 1.5, until: 3, action: 'down', links: 'machine:3' },
        { at: 3.5, action: 'kill', machine: 2 },
        { at: 5, action: 'restart', machine: 2 },
      ],
    }));
    const runDir = join(dir, 'run');
    const r = await runScript('start-all', ['-c', config, '--duration', '8', '--rates', '10,10,10', '--internal-prob', '0.2', '--seed', '9', '--log-dir', runDir, '--faults', faults, '-q']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    // Each line gives the fault file's time, as planned.
    // One event on several links is one line (faults.jsonl has a record per link). A restart is printed once the
    // machine listens again, which takes a while after 5 s: it says when, as its record does.
    const lines = String(r.stdout).split('\n');
    expect(lines.filter((l) => l.startsWith('fault at')).map((l) => l.replace(/\(up at \d+\.\d s\)$/, '(up at ...)'))).toEqual([
      'fault at 1 s: add latency 100±20 ms as "lag" on 1->2',
      'fault at 1.5 s: links 1->3, 2->3, 3->1, 3->2 down',
      'fault at 3 s: links 1->3, 2->3, 3->1, 3->2 up',
      'fault at 3.5 s: kill machine 2 (SIGKILL)',
      'fault at 5 s: restart machine 2 (up at ...)',
    ]);
    const restartLine = /^fault at 5 s: restart machine 2 \(up at (\d+\.\d) s\)$/.exec(lines.find((l) => l.includes('restart machine 2'))!);
    // How much of the schedule ran, in the file's events, as simulate says it.
    expect(lines).toContain(`Faults: 4 events of ${faults} applied (11 steps in faults.jsonl).`);

    const applied = readFileSync(join(runDir, 'faults.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { action: string; error?: string; time: string; elapsed: number });
    expect(applied.map((a) => a.action)).toEqual(['add', 'down', 'down', 'down', 'down', 'up', 'up', 'up', 'up', 'kill', 'restart']);
    expect(applied.filter((a) => a.error)).toEqual([]);
    // Each record's time and elapsed are one instant: time minus elapsed is the schedule's start for every record.
    const origins = applied.map((a) => Date.parse(a.time) - a.elapsed * 1000);
    expect(Math.max(...origins) - Math.min(...origins)).toBeLessThanOrEqual(2);
    const restart = applied.find((a) => a.action === 'restart')!;
    expect(restart.elapsed).toBeGreaterThanOrEqual(5);
    expect(restartLine![1]).toBe(restart.elapsed.toFixed(1));
    const info = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunInfo;
    expect(info.faults?.steps).toHaveLength(11);
    expect(info.faults?.windows.map((w) => w.kind)).toEqual(['toxic', 'down', 'kill']);
    expect(info.machines?.['2']).toMatchObject({ exitCode: 0, incarnations: 2 });

    // The killed machine's log: no stop before the second start, which carries incarnation 2 and a clock from 0.
    const two = readLog(runDir, 2);
    const starts = two.filter((x) => x.event === 'start');
    expect(starts).toHaveLength(2);
    expect(starts[1]).toMatchObject({ clock: 0, incarnation: 2 });
    const restartAt = two.indexOf(starts[1]!);
    expect(two.slice(0, restartAt).some((x) => x.event === 'stop')).toBe(false);
    expect(two.at(-1)).toMatchObject({ event: 'stop' });
    expect(two[restartAt + 1 + two.slice(restartAt + 1).findIndex((x) => x.event !== 'connect')]).toMatchObject({ tick: 1 });
    // The summary counts the ticks of both incarnations, and says there were two.
    const table = String(r.stdout).split('\n');
    const header = table.findIndex((l) => /^machine\s+rate\s+ticks/.test(l));
    expect(table[header]!.trim().split(/\s{2,}/).at(-1)).toBe('incarnations');
    const row2 = table[header + 2]!.trim().split(/\s{2,}/);
    expect([row2[0], row2[2], row2.at(-1)]).toEqual(['2', String(two.filter(isTickRecord).length), '2']);

    // The kill's record is written once the kill is done, so the peers' disconnects can come before it; the last
    // link was back up half a second before the kill, and nothing else disconnects machine 2 in between.
    const linksUpAt = Date.parse(applied[8]!.time);
    const restartedAt = ms(starts[1]!);
    for (const id of [1, 3]) {
      const log = readLog(runDir, id);
      // The others log the disconnect, keep ticking, drop their sends to it, and are connected again within 2 s of the restart.
      // The connect after that disconnect can only be to the new process. It may be logged a few ms before that
      // process's start record: the port accepts as soon as it is bound, and the start record follows opening the log.
      const downAt = log.findIndex((x) => x.event === 'disconnect' && x.peer === 2 && ms(x) > linksUpAt);
      const down = log[downAt];
      const up = log.slice(downAt + 1).find((x) => x.event === 'connect' && x.peer === 2);
      expect(downAt >= 0 && up).toBeTruthy();
      expect(ms(up!) - restartedAt).toBeGreaterThan(-100);
      expect(ms(up!) - restartedAt).toBeLessThan(2000);
      const between = log.filter((x) => ms(x) > ms(down!) && ms(x) < ms(up!));
      expect(between.filter((x) => x.event === 'send' && x.dropped.includes(2)).length).toBeGreaterThan(0);
      expect(between.filter((x) => x.event === 'send' && x.to.includes(2))).toEqual([]);
      expect(log.at(-1)).toMatchObject({ event: 'stop' });
    }
    // While every link of machine 3 was down, machine 1's sends to it were recorded as dropped.
    const [downFrom, downTo] = [Date.parse(applied[1]!.time), Date.parse(applied[5]!.time)];
    const cut = readLog(runDir, 1).filter((x) => x.event === 'send' && ms(x) > downFrom + 50 && ms(x) < downTo);
    expect(cut.some((x) => x.event === 'send' && x.dropped.includes(3))).toBe(true);
    expect(cut.filter((x) => x.event === 'send' && x.to.includes(3))).toEqual([]);

    // The checker understands the kill: a crash note and lost messages, never a violation.
    const check = await runScript('check', [runDir]);
    // The crash line itself (a lost-message line naming machine 2's crash comes only when a message was in flight).
    expect(check.stdout).toContain("machine 2's incarnation 1 was killed by the fault schedule (so no stop record), then it restarted as incarnation 2");
    expect(check.stdout).toContain('OK: every rule holds.');
    expect(check.exitCode).toBe(0);
  });

  test('Ctrl+C mid-schedule: run.json keeps the planned steps, and its windows only what ran, closed at the stop', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const faults = join(dir, 'faults.json');
    writeFileSync(faults, JSON.stringify({ events: [{ at: 0.5, action: 'kill', machine: 2 }, { at: 60, action: 'restart', machine: 2 }, { at: 90, until: 95, action: 'down', links: '*' }] }));
    const runDir = join(dir, 'run');
    const child = trackChild(execa(process.execPath, [script('start-all'), '-c', config, '-d', '0', '--rates', '10,10,10', '--log-dir', runDir, '--faults', faults, '-q', '--no-analysis'], { reject: false }));
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += String(chunk)));
    await waitUntil(() => /fault at \S+ s: kill machine 2/.test(stdout), 'the kill to be applied');
    child.kill('SIGINT');
    const r = await child;
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    // The restart and the cut never ran: one line, counted in events, as simulate says it.
    expect(r.stdout).toMatch(/\n2 fault events from 60 s on never ran: interrupted at \d+(\.\d+)? s\n/);
    const info = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunInfo;
    expect(info.interrupted).toBe(true);
    expect(info.faults?.steps.map((s) => s.action)).toEqual(['kill', 'restart', 'down', 'down', 'down', 'down', 'down', 'down', 'up', 'up', 'up', 'up', 'up', 'up']);
    const windows = info.faults?.windows ?? [];
    expect(windows.map((w) => [w.kind, w.from, w.machine])).toEqual([['kill', 0.5, 2]]);
    expect(windows[0]!.to).toBeGreaterThan(0.5);
    expect(windows[0]!.to).toBeLessThan(60);
    const check = await runScript('check', [runDir]);
    expect([check.exitCode, check.stdout]).toEqual([0, expect.stringContaining('OK: every rule holds.')]);
  });

  test('Ctrl+C in a terminal (SIGINT to start-all and its machines at once): the steps not reached never ran because the run was interrupted', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const faults = join(dir, 'faults.json');
    writeFileSync(faults, JSON.stringify({ events: [{ at: 0.2, action: 'down', links: '1->2' }, { at: 60, action: 'kill', machine: 3 }] }));
    const runDir = join(dir, 'run');
    // Its own process group, as a terminal's foreground job: the machines are in it too.
    const child = trackChild(execa(process.execPath, [script('start-all'), '-c', config, '-d', '0', '--rates', '10,10,10', '--log-dir', runDir, '--faults', faults, '--no-analysis'], { reject: false, detached: true }));
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += String(chunk)));
    await waitUntil(() => /fault at 0\.2 s: link 1->2 down\n/.test(stdout), 'the link to go down');
    process.kill(-child.pid!, 'SIGINT');
    const r = await child;
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    const line = new RegExp(`\nFaults: 1 of 2 events of ${faults} applied \\(1 step in faults.jsonl\\)\\.\n1 fault event from 60 s on never ran: (.*) at (\\d+(?:\\.\\d)?) s\n`).exec(String(r.stdout));
    expect(line?.[1]).toBe('interrupted');
    expect(r.stdout).toContain('\ninterrupted; run ended\n');
    // The stop to 0.1 s: the down window, still open then, was closed at that moment.
    const info = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunInfo;
    expect(info.interrupted).toBe(true);
    const down = info.faults!.windows.find((w) => w.kind === 'down')!;
    expect(Number(line![2])).toBe(Number(down.to!.toFixed(1)));
  });

  test('faults.jsonl that cannot be written (a folder in its place): one line, no stack trace, the schedule and the run go on', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2);
    const faults = join(dir, 'faults.json');
    // A link group (applied apart from the chain) and a kill (in the chain): each once crashed start-all.
    writeFileSync(faults, JSON.stringify({ events: [{ at: 0.3, until: 0.6, action: 'down', links: '1->2' }, { at: 0.9, action: 'kill', machine: 2 }] }));
    const runDir = join(dir, 'run');
    const run = runScript('start-all', ['-c', config, '--duration', '1.5', '--rates', '10,10', '--log-dir', runDir, '--faults', faults, '-q', '--no-analysis']);
    // Made once start-all has claimed the folder (an empty one) with run.json, before its machines start: before any fault.
    await waitUntil(() => existsSync(join(runDir, 'run.json')), 'start-all to write run.json');
    mkdirSync(join(runDir, 'faults.jsonl'));
    const r = await run;
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    const lines = String(r.stdout).split('\n');
    expect(lines.filter((l) => l.includes('cannot be written'))).toEqual([`fault log cannot be written: ${join(runDir, 'faults.jsonl')}: a folder is in its place; the faults are still applied`]);
    expect(lines.filter((l) => l.startsWith('fault at')).map((l) => l.replace(/^fault at \S+ s: /, ''))).toEqual(['link 1->2 down', 'link 1->2 up', 'kill machine 2 (SIGKILL)']);
    // The run ended as planned, with its summary.
    expect(lines).toContainEqual(expect.stringMatching(/^machine\s+rate\s+ticks/));
    expect(JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8'))).not.toHaveProperty('stoppedEarly');
  });

  test('steps planned after the run ends: one line says how many, from when, and why', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const faults = join(dir, 'faults.json');
    writeFileSync(faults, JSON.stringify({ events: [{ at: 30, until: 35, action: 'down', links: 'machine:3' }, { at: 40, action: 'kill', machine: 2 }] }));
    const r = await runScript('start-all', ['-c', config, '--duration', '1', '--log-dir', join(dir, 'run'), '--faults', faults, '-q', '--no-analysis']);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    const skipped = String(r.stdout).split('\n').filter((l) => l.includes('skipped'));
    // machine:3 is 4 links, down at 30 s and up at 35 s, then the kill: 9 steps of 2 events.
    expect(skipped).toEqual(['2 fault events from 30 s on skipped (the last at 40 s): the run lasts 1 s']);
    expect(String(r.stdout)).toContain(`\nFaults: 0 of 2 events of ${faults} applied.\n`);
    writeFileSync(faults, JSON.stringify({ events: [{ at: 0.2, action: 'kill', machine: 2 }, { at: 40, action: 'restart', machine: 2 }] }));
    const one = await runScript('start-all', ['-c', config, '--duration', '1', '--log-dir', join(dir, 'one'), '--faults', faults, '-q', '--no-analysis']);
    expect(String(one.stdout).split('\n').filter((l) => l.includes('skipped'))).toEqual(['fault at 40 s skipped, the run lasts 1 s: restart machine 2']);
    expect(String(one.stdout)).toContain(`\nFaults: 1 of 2 events of ${faults} applied (1 step in faults.jsonl).\n`);
  });

  test('a bad fault file is one line and exit 2, before anything starts', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const faults = join(dir, 'faults.json');
    const cases: [unknown, string][] = [
      [{ at: 1, action: 'kill', machine: 7 }, 'events[0].machine: no machine 7 in the config (machines 1-3)'],
      [{ at: 1, action: 'down', links: '1->9' }, 'events[0].links: no machine 9 in the config (machines 1-3)'],
    ];
    for (const [event, message] of cases) {
      writeFileSync(faults, JSON.stringify({ events: [event] }));
      const r = await runScript('start-all', ['-c', config, '--faults', faults, '--log-dir', join(dir, 'run')]);
      expect([r.exitCode, r.stderr]).toEqual([2, `start-all: error: ${faults}: ${message}`]);
    }
    // Past Node's longest timer a wait fires after 1 ms: in a run with no end, such a fault would come at once.
    writeFileSync(faults, JSON.stringify({ events: [{ at: 1, action: 'down', links: '*', until: 3e6 }] }));
    const endless = await runScript('start-all', ['-c', config, '--faults', faults, '-d', '0', '--log-dir', join(dir, 'run')]);
    expect([endless.exitCode, endless.stderr]).toEqual([
      2,
      `start-all: error: ${faults}: events[0].until: 3000000 s is past 2147483 s (24.8 days, the longest timer), which a run with no end (-d 0) cannot wait`,
    ]);
    expect(existsSync(join(dir, 'run'))).toBe(false);
  });

  test('a mesh too large for the open-file limit is one line and exit 2, before anything starts', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 10);
    const faults = join(dir, 'faults.json');
    writeFileSync(faults, JSON.stringify({ events: [{ at: 1, action: 'add', links: '*', toxic: { type: 'latency', attributes: { latency: 10 } } }] }));
    const r = await trackChild(execa('bash', ['-c', 'ulimit -n 256 && exec "$@"', 'bash', process.execPath, script('start-all'), '-c', config, '-f', faults, '-d', '1', '-q', '--no-analysis', '-l', join(dir, 'run')], { reject: false }));
    expect([r.exitCode, r.stderr]).toEqual([2, 'start-all: error: fault proxies for 10 machines need about 410 open files but the limit is 256 (ulimit -n): raise it first (ulimit -n 1024), or run fewer machines']);
    expect(existsSync(join(dir, 'run'))).toBe(false);
  });

  test("config.json's faultPorts confine the proxies: too few ports is one line and exit 2 before anything starts; a busy one in it is taken as busy", async () => {
    const dir = tempDir();
    const first = await freeConsecutivePorts(6);
    const faults = join(dir, 'faults.json');
    writeFileSync(faults, JSON.stringify({ events: [{ at: 0.5, action: 'kill', machine: 2 }] }));
    const small = await writeConfig(dir, 3, { faultPorts: [first, first + 4] });
    const r = await runScript('start-all', ['-c', small, '-f', faults, '-d', '1', '-q', '--no-analysis', '-l', join(dir, 'run')]);
    expect([r.exitCode, r.stderr]).toEqual([2, `start-all: error: ${small}: faultPorts [${first}, ${first + 4}] has 5 ports for the fault proxies, but 3 machines need 6 (one per direction of each link)`]);
    expect(existsSync(join(dir, 'run'))).toBe(false);
    // Six ports for six proxies, one of them taken: the proxies looked nowhere else.
    const busy = net.createServer();
    busy.listen(first + 2, '127.0.0.1');
    await once(busy, 'listening');
    try {
      const exact = await writeConfig(dir, 3, { faultPorts: [first, first + 5] });
      const taken = await runScript('start-all', ['-c', exact, '-f', faults, '-d', '1', '-q', '--no-analysis', '-l', join(dir, 'run2')]);
      expect([taken.exitCode, taken.stderr]).toEqual([1, `start-all: error: cannot open a fault proxy: faultPorts [${first}, ${first + 5}] ran out of free ports: the fault proxies need 6 (one per direction of each link), and other programs listen on some of its ports (on a shared host, maybe another run given the same range); give this run a range of its own, or a wider one; no machine started (${join(dir, 'run2', 'run.json')} says so)`]);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });

  test('a 10-machine mesh on ephemeral ports with every link cut and a machine killed and restarted: every link comes back', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 10, { staggerMs: 0 });
    const faults = join(dir, 'faults.json');
    writeFileSync(faults, JSON.stringify({ events: [{ at: 0.3, until: 0.8, action: 'down', links: '*' }, { at: 1, action: 'kill', machine: 4 }, { at: 1.3, action: 'restart', machine: 4 }] }));
    const runDir = join(dir, 'run');
    const r = await runScript('start-all', ['-c', config, '-f', faults, '-d', '3', '-r', '5,5,5,5,5,5,5,5,5,5', '-q', '--no-analysis', '-l', runDir]);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(r.stdout).not.toMatch(/failed|cannot open/);
    // Cutting all 90 links, and bringing them back, are a line each, not 90.
    const lines = String(r.stdout).split('\n').filter((l) => l.startsWith('fault at'));
    expect(lines.map((l: string) => l.replace(/^fault at \S+ s: /, '').replace(/ \(up at \d+\.\d s\)$/, ''))).toEqual(['links 1->2, 1->3, 1->4 and 87 more down', 'links 1->2, 1->3, 1->4 and 87 more up', 'kill machine 4 (SIGKILL)', 'restart machine 4']);
    const applied = readFileSync(join(runDir, 'faults.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { error?: string });
    expect(applied.filter((a) => a.error)).toEqual([]);
    const info = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunInfo;
    expect(info.stoppedEarly).toBeUndefined();
  });

  test('a proxy that cannot listen again (its port taken while its link was down) is one line, no stack trace: the machines stop cleanly, exit 1', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const faults = join(dir, 'faults.json');
    // Down without an end: the end of the run brings it up again, on a port taken meanwhile.
    writeFileSync(faults, JSON.stringify({ events: [{ at: 0.2, action: 'down', links: '1->2' }] }));
    const runDir = join(dir, 'run');
    const child = trackChild(execa(process.execPath, [script('start-all'), '-c', config, '-d', '2', '--log-dir', runDir, '--faults', faults, '-q', '--no-analysis'], { reject: false }));
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += String(chunk)));
    await waitUntil(() => /fault at \S+ s: link 1->2 down/.test(stdout), 'the link to go down');
    const one = machineArgs(config, 1);
    // Machine 1 dials machine 2 through the proxy of 1->2: `--dial 2=127.0.0.1:<port>`.
    const port = Number(one!.find((arg) => arg.startsWith('2='))!.split(':').at(-1));
    // Another program takes the port of the down link (it closes every connection it gets).
    const squatter = net.createServer((socket) => socket.destroy()).listen(port, '127.0.0.1');
    await once(squatter, 'listening');
    try {
      const r = await child;
      // The reason again on stderr, last, for a script that reads only that.
      // Named, with the process that took it (this test's own) and the likeliest cause on a shared host.
      const taken = `listen EADDRINUSE: address already in use 127.0.0.1:${port} (taken while the link was down, by process ${process.pid} (${processCommand(process.pid)}): another run on this host given the same faultPorts range?)`;
      expect([r.exitCode, r.stderr]).toEqual([1, `start-all: error: cannot open a fault proxy: ${taken}; logs in ${runDir}`]);
      expect(r.stdout).toContain(`cannot open a fault proxy: ${taken}\n`);
      expect(r.stdout).not.toMatch(/\n\s+at /);
      for (const id of [1, 2, 3]) expect(readLog(runDir, id).at(-1)).toMatchObject({ event: 'stop' });
    } finally {
      if (squatter) await new Promise((resolve) => squatter.close(resolve));
    }
  });

  test('a restart whose machine exits before it listens (its port taken while it was down) is a failed step, not "up": the kill stays open', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const faults = join(dir, 'faults.json');
    writeFileSync(faults, JSON.stringify({ events: [{ at: 0.3, action: 'kill', machine: 2 }, { at: 1.5, action: 'restart', machine: 2 }] }));
    const runDir = join(dir, 'run');
    const child = trackChild(execa(process.execPath, [script('start-all'), '-c', config, '-d', '4', '--log-dir', runDir, '--faults', faults, '-q', '--no-analysis'], { reject: false }));
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += String(chunk)));
    await waitUntil(() => stdout.includes('fault at 0.3 s: kill machine 2'), 'machine 2 to be killed');
    // The line comes as the kill is sent: its port is free once the process is gone (its args: `2 --config <file>`).
    await waitUntil(() => machineArgs(config, 2) === undefined, "machine 2's process to end");
    const port = (JSON.parse(readFileSync(config, 'utf8')) as { machines: Record<string, { port: number }> }).machines['2']!.port;
    // Another program takes machine 2's port while it is down. The killed process's connections can hold the port a
    // moment longer (closing until the proxies close their side): it is taken as soon as it is free, and were the
    // restart to come first, it would find the port held all the same.
    const takePort = () =>
      new Promise<net.Server | undefined>((resolve) => {
        const server = net.createServer((socket) => socket.destroy());
        server.once('error', () => resolve(undefined));
        server.listen(port, '127.0.0.1', () => resolve(server));
      });
    let squatter = await takePort();
    while (!squatter && child.exitCode === null) squatter = await delay(25).then(takePort);
    try {
      const r = await child;
      // Exit 2, as for any machine that could not listen.
      expect([r.exitCode, r.stderr]).toEqual([2, `start-all: error: machine 2 failed (the summary above says how); logs in ${runDir}`]);
      const lines = String(r.stdout).split('\n');
      expect(lines).toContain('fault at 1.5 s failed: restart machine 2: it exited before it listened (code 2)');
      expect(lines.filter((l) => l.includes('restart machine 2 (up at'))).toEqual([]);
      expect(lines).toContain('run stopped early: machine 2 failed');
      const restart = readFileSync(join(runDir, 'faults.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { action: string; error?: string }).find((a) => a.action === 'restart');
      expect(restart).toMatchObject({ error: 'it exited before it listened (code 2)' });
      const info = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunInfo;
      expect(info.machines?.['2']).toMatchObject({ incarnations: 2 });
      expect(info.machines?.['2']).not.toHaveProperty('started');
    } finally {
      if (squatter) await new Promise((resolve) => squatter.close(resolve));
    }
  });
});
