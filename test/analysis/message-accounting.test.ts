// Every message counted once, as a user sees it: frames a full queue refused (simulated and real), a crashed machine's
// queue, sends a killed machine never logged, and the wording of the unpaired line.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeRun } from '../../src/analysis/analyze.js';
import { checkRun } from '../../src/analysis/check-run.js';
import type { RunMetrics } from '../../src/analysis/metrics.js';
import type { MachineRecord } from '../../src/core/records.js';
import { machinePid } from '../helpers/processes.js';
import { runScript, tempDir, writeConfig } from '../helpers/cli.js';
import { logMatches, readLog } from '../helpers/run-logs.js';
import { waitUntil } from '../helpers/wait.js';
import { execa } from 'execa';
import { script } from '../helpers/cli.js';

const refusalsOf = (records: MachineRecord[]) => records.filter((r) => r.event === 'warn' && r.refused !== undefined);

/** sent + sends never logged - unaccounted = received + left in queues + refused + lost: each message once. */
function expectBalanced(messages: RunMetrics['messages']): void {
  const { sent, unloggedSends, unaccounted, received, leftInQueues, refused, lost } = messages;
  expect(sent + unloggedSends - unaccounted).toBe(received + leftInQueues + refused + lost);
}

/** The analyze CLI's `messages` line for a run folder. */
async function messagesLine(dir: string): Promise<string> {
  const r = await runScript('analyze', [dir]);
  expect(r.exitCode).toBe(0);
  return String(r.stdout)
    .split('\n')
    .find((l) => l.startsWith('messages '))!
    .replace(/^messages +/, '');
}

describe('frames refused by a full queue', () => {
  test('simulated: refusals are logged per sender, check passes, and analyze counts them once', async () => {
    const dir = tempDir();
    const config = join(dir, 'cfgq.json');
    writeFileSync(config, JSON.stringify({ machines: { 1: { host: 'h', port: 1 }, 2: { host: 'h', port: 2 }, 3: { host: 'h', port: 3 } }, maxQueue: 3 }));
    const run = join(dir, 'mq');
    const sim = await runScript('simulate', ['-c', config, '-r', '1,6,6', '-d', '20', '-s', '1', '-l', run]);
    expect(sim.exitCode).toBe(0);
    expect(sim.stdout).toContain('71 messages delivered to queues, 20 messages refused by full queues.');
    const one = readLog(run, 1);
    expect(refusalsOf(one).reduce((n, r) => n + (r.event === 'warn' ? r.refused! : 0), 0)).toBe(20);
    expect(refusalsOf(one)[0]).toMatchObject({ from: 3, msgClock: 26, refused: 2, reason: 'queue full (3): 2 messages from machine 3 refused, clock:26 and the next 1' });

    const check = await runScript('check', [run]);
    expect([check.exitCode, check.stdout]).toEqual([0, expect.stringContaining('OK: every rule holds.')]);
    expect(await messagesLine(run)).toBe('sent 91, received 68, left in queues 3, refused (queue full) 20');
    const { metrics } = await analyzeRun(run);
    expect(metrics.messages).toMatchObject({ sent: 91, received: 68, leftInQueues: 3, refused: 20, matched: 68, unmatchedReceives: 0, unloggedSends: 0, unaccounted: 0 });
    // Refused sends are not paired with later receives: every matched message waited at most the 3 s a slot takes.
    expect(metrics.latency.max).toBe(3000);

    // A refusal that names no send breaks link-clock, with the record as counterexample.
    const file = join(run, 'machine-1.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('"msgClock":26,"refused":2'));
    lines[at] = lines[at]!.replace('"msgClock":26', '"msgClock":25');
    writeFileSync(file, lines.join('\n'));
    const broken = await checkRun(run);
    expect(broken.violations.find((v) => v.message.includes('refused'))).toMatchObject({
      rule: 'link-clock',
      message: 'machine 1 refused frames from machine 3 from clock 25 on (queue full), but machine 3 logged no send with that clock to it (2 refused frames unmatched)',
      records: [{ file, line: at + 1 }],
    });
  });

  test('real machines: a fast sender into a queue of 2 logs its refusals, and the run passes check', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 2, { maxQueue: 2 });
    const run = join(dir, 'run');
    const r = await runScript('start-all', ['-c', config, '-d', '2', '-r', '100,1', '-p', '0.2', '-s', '4', '-q', '--no-analysis', '-l', run]);
    expect(r.exitCode).toBe(0);
    const two = readLog(run, 2);
    const stop = two.at(-1)!;
    expect(stop).toMatchObject({ event: 'stop', queue: 2 });
    const overflow = stop.event === 'stop' ? stop.overflow! : 0;
    expect(overflow).toBeGreaterThan(50);
    // Runs of refused frames: far fewer records than frames, and together exactly the stop record's overflow.
    const refusals = refusalsOf(two);
    expect(refusals.reduce((n, x) => n + (x.event === 'warn' ? x.refused! : 0), 0)).toBe(overflow);
    expect(refusals.every((x) => x.event === 'warn' && x.from === 1)).toBe(true);
    const check = await checkRun(run);
    expect(check.violations).toEqual([]);
    const { metrics } = await analyzeRun(run);
    expect(metrics.messages).toMatchObject({ refused: overflow, unmatchedReceives: 0, unloggedSends: 0, unaccounted: 0 });
    expectBalanced(metrics.messages);
  });
});

describe('a machine that crashes', () => {
  test('its queue is lost, not left in queues: analyze counts each message once', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir, 3);
    const run = join(dir, 'run');
    const child = execa(process.execPath, [script('start-all'), '-c', config, '-l', run, '-d', '0', '-r', '20,20,2', '-p', '0.3', '-s', '56', '-q', '--no-analysis'], { reject: false });
    await waitUntil(() => logMatches(run, 3, /"tick":3,/) && logMatches(run, 3, /"queue":[1-9]/), 'machine 3 to hold a queue');
    process.kill(machinePid(config, 3), 'SIGKILL');
    expect((await child).exitCode).toBe(1);
    const { metrics } = await analyzeRun(run);
    const stops = [1, 2].map((id) => readLog(run, id).at(-1)!);
    const left = stops.reduce((n, s) => n + (s.event === 'stop' ? s.queue : 0), 0);
    expect(metrics.machines[2]).toMatchObject({ crashed: true });
    expect(metrics.messages.leftInQueues).toBe(left);
    expect(metrics.messages.lost).toBeGreaterThanOrEqual(metrics.machines[2]!.endQueue);
    expectBalanced(metrics.messages);
    expect(await messagesLine(run)).toMatch(new RegExp(`^sent [\\d,]+, received [\\d,]+, left in queues ${left}, lost [\\d,]+`));
  });
});

describe('the messages line says what does not add up', () => {
  const T = (ms: number) => new Date(Date.parse('2026-01-01T00:00:00.000Z') + ms).toISOString();
  const write = (dir: string, id: number, records: object[]) =>
    writeFileSync(join(dir, `machine-${id}.jsonl`), records.map((r) => JSON.stringify({ time: T(0), machine: id, ...r }) + '\n').join(''));
  const start = (peers: number[]) => ({ event: 'start', clock: 0, rate: 1, peers, internalProbability: 0.5, seed: 1 });

  test('a killed sender whose last sends never reached its log: more queued than sent, and why', async () => {
    const dir = join(tempDir(), 'run');
    mkdirSync(dir);
    // Machine 1 logged one send to 2 before it was killed; machine 2 stopped with 3 messages of it in its queue.
    write(dir, 1, [start([2]), { time: T(1000), event: 'send', clock: 1, tick: 1, to: [2], dropped: [], queue: 0 }]);
    write(dir, 2, [start([1]), { time: T(1000), event: 'internal', clock: 1, tick: 1, queue: 0 }, { time: T(1500), event: 'stop', clock: 1, ticks: 1, queue: 3, maxLagMs: 0 }]);
    expect(await messagesLine(dir)).toBe(
      'sent 1, received 0, left in queues 3; 2 more received, queued or refused than logged sends: machine 1 crashed (no stop record) before its last lines reached its log',
    );
  });

  test('a machine whose log is missing: its receives went with it, said before any other cause', async () => {
    const dir = join(tempDir(), 'run');
    mkdirSync(dir);
    // Machine 1 sent two messages to machine 2, whose log was left out of the folder (its start record names 2 a peer).
    const send = (tick: number) => ({ time: T(tick * 1000), event: 'send', clock: tick, tick, to: [2], dropped: [], queue: 0 });
    write(dir, 1, [start([2]), send(1), send(2), { time: T(2500), event: 'stop', clock: 2, ticks: 2, queue: 0, maxLagMs: 0 }]);
    expect(await messagesLine(dir)).toBe('sent 2, received 0, left in queues 0; 2 sent but neither received, queued, refused nor lost: the log of machine 2 is missing, and its receives with it');
  });

  test("a machine whose log is missing, whose messages were received: its sends went with it, not 'no machine crashed'", async () => {
    const dir = join(tempDir(), 'run');
    mkdirSync(dir);
    // Machine 1 took one message of machine 2 and stopped with another queued; machine 2's log is not in the folder.
    const receive = { time: T(1000), event: 'receive', clock: 2, tick: 1, from: 2, msgClock: 1, queue: 1 };
    write(dir, 1, [start([2]), receive, { time: T(1500), event: 'stop', clock: 2, ticks: 1, queue: 1, maxLagMs: 0 }]);
    expect(await messagesLine(dir)).toBe('sent 0, received 1, left in queues 1; 2 more received, queued or refused than logged sends: the log of machine 2 is missing, and its sends with it');
  });

  test('the same, killed by the fault schedule (faults.jsonl has the kill): said as a kill, not a crash', async () => {
    const dir = join(tempDir(), 'run');
    mkdirSync(dir);
    write(dir, 1, [start([2]), { time: T(1000), event: 'send', clock: 1, tick: 1, to: [2], dropped: [], queue: 0 }]);
    write(dir, 2, [start([1]), { time: T(1000), event: 'internal', clock: 1, tick: 1, queue: 0 }, { time: T(1500), event: 'stop', clock: 1, ticks: 1, queue: 3, maxLagMs: 0 }]);
    writeFileSync(join(dir, 'faults.jsonl'), JSON.stringify({ time: T(1200), at: 1.2, elapsed: 1.2, action: 'kill', description: 'kill machine 1 (SIGKILL)', machine: 1 }) + '\n');
    expect(await messagesLine(dir)).toMatch(/: machine 1 was killed by the fault schedule \(no stop record\) before its last lines reached its log$/);
    // The table and the run's lines call it killed too.
    const { stdout } = await runScript('analyze', [dir]);
    expect(stdout).toMatch(/^1 \(killed\) /m);
    expect(stdout).toMatch(/^killed +machine 1 \(by the fault schedule, not restarted: no stop record\)$/m);
    expect(stdout).not.toMatch(/crashed/);
  });

  test('a run still going (run.json without an end time): queued messages count once, as lost, with a word of caution', async () => {
    const dir = join(tempDir(), 'run');
    mkdirSync(dir);
    write(dir, 1, [start([2]), { time: T(1000), event: 'send', clock: 1, tick: 1, to: [2], dropped: [], queue: 0 }, { time: T(2000), event: 'send', clock: 2, tick: 2, to: [2], dropped: [], queue: 0 }]);
    write(dir, 2, [start([1]), { time: T(1000), event: 'internal', clock: 1, tick: 1, queue: 0 }, { time: T(2000), event: 'receive', clock: 2, tick: 2, from: 1, msgClock: 1, queue: 1 }]);
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ mode: 'real', seed: 1, rates: { 1: 1, 2: 1 }, internalProbability: 0.5, startTime: T(0), endTime: null }));
    expect(await messagesLine(dir)).toBe(
      'sent 2, received 1, left in queues 0, lost 1; run.json has no end time: if the run is still going, "lost" counts messages still queued or in flight',
    );
  });

  test('not sent counts messages, not send records, for peers that were not connected, on a row of its own', async () => {
    const dir = join(tempDir(), 'run');
    mkdirSync(dir);
    write(dir, 1, [start([2, 3]), { time: T(1000), event: 'send', clock: 1, tick: 1, to: [], dropped: [2, 3], queue: 0 }, { time: T(1500), event: 'stop', clock: 1, ticks: 1, queue: 0, maxLagMs: 0 }]);
    write(dir, 2, [start([1, 3]), { time: T(1500), event: 'stop', clock: 0, ticks: 0, queue: 0, maxLagMs: 0 }]);
    write(dir, 3, [start([1, 2]), { time: T(1500), event: 'stop', clock: 0, ticks: 0, queue: 0, maxLagMs: 0 }]);
    const r = await runScript('analyze', [dir]);
    expect(r.stdout).toMatch(/\nnot sent +2 messages not sent because their peer was not connected or not reading \(in send records' dropped\)\n/);
    // Every receive had its send: no 'unpaired' row to read the dropped sends under.
    expect(r.stdout).not.toContain('unpaired');
  });
});

describe('frames from an unknown sender', () => {
  test('the messages line says they are nobody’s logged sends, not that a send is missing from the logs', async () => {
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();
    const line = (r: object) => `${JSON.stringify(r)}\n`;
    const start = (machine: number) => line({ time: t(0), machine, event: 'start', clock: 0, rate: 1, peers: [3 - machine], internalProbability: 0.5, seed: 1 });
    const stop = (machine: number, clock: number, ticks: number) => line({ time: t(3), machine, event: 'stop', clock, ticks, queue: 0, maxLagMs: 0 });
    const dir = tempDir();
    writeFileSync(join(dir, 'machine-2.jsonl'), [start(2), line({ time: t(1), machine: 2, event: 'send', clock: 1, tick: 1, to: [1], dropped: [], queue: 0 }), stop(2, 1, 1)].join(''));
    const m1 = [start(1), line({ time: t(1.5), machine: 1, event: 'receive', clock: 2, tick: 1, from: 2, msgClock: 1, queue: 0 })];
    m1.push(line({ time: t(2), machine: 1, event: 'receive', clock: 51, tick: 2, from: null, msgClock: 50, queue: 0 }), stop(1, 51, 2));
    writeFileSync(join(dir, 'machine-1.jsonl'), m1.join(''));
    expect(await messagesLine(dir)).toBe(
      "sent 1, received 2, left in queues 0; 1 more received, queued or refused than logged sends: frames from an unknown sender (1 received, others may still be queued) are nobody's logged sends",
    );
  });
});
