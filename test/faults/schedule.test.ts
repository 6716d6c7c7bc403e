// faults.json: validation (one line naming the field), expansion into ordered steps, and fault windows for charts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../helpers/repo.js';
import { UsageError } from '../../src/config/errors.js';
import { loadFaultSchedule } from '../../src/faults/load-schedule.js';
import { describeStep, planFaults, type FaultStep } from '../../src/faults/plan.js';
import { parseFaultSchedule } from '../../src/faults/schedule.js';
import { expandSelectors } from '../../src/faults/selectors.js';
import { faultWindows } from '../../src/faults/windows.js';
import { tempDir } from '../helpers/cli.js';

const ids = [1, 2, 3];
const plan = (events: unknown[], machines = ids) => planFaults(parseFaultSchedule({ events }), machines);
/** A step in short: "10 add lag 1->2", "20 down 1->3", "40 kill 2". */
const brief = (s: FaultStep) =>
  `${s.at} ${s.action} ${'toxic' in s ? `${s.toxic.name} ` : ''}${'link' in s ? s.link.join('->') : s.machine}`;
const lag = (latency = 200) => ({ type: 'latency', name: 'lag', attributes: { latency } });

describe('the example schedule', () => {
  test('examples/faults-class.json (the README\'s class demo) puts the same kinds of fault 2 to 10 s into a run', () => {
    const steps = planFaults(loadFaultSchedule(fromRoot('examples', 'faults-class.json')), ids);
    expect(steps.map(brief)).toEqual([
      '2 add lag 3->2',
      '4 down 1->3', '4 down 2->3', '4 down 3->1', '4 down 3->2',
      '6 up 1->3', '6 up 2->3', '6 up 3->1', '6 up 3->2',
      '8 kill 2',
      '10 restart 2',
    ]);
  });

  test('examples/faults.json loads and expands into the documented steps', () => {
    const schedule = loadFaultSchedule(fromRoot('examples', 'faults.json'));
    expect(schedule.seed).toBe(1);
    const steps = planFaults(schedule, ids);
    expect(steps.map(brief)).toEqual([
      '10 add lag 1->2',
      '20 down 1->3', '20 down 2->3', '20 down 3->1', '20 down 3->2',
      '25 up 1->3', '25 up 2->3', '25 up 3->1', '25 up 3->2',
      '30 add slicer 1->3',
      '40 kill 2',
      '45 restart 2',
    ]);
    expect(steps[0]).toEqual({
      at: 10, event: 0, label: 'latency 200 ms on 1->2', action: 'add', link: [1, 2],
      toxic: { type: 'latency', name: 'lag', attributes: { latency: 200, jitter: 0 } },
    });
    expect(steps.map(describeStep)).toContain('add latency 200 ms as "lag" on 1->2');
    expect(steps.map(describeStep)).toContain('kill machine 2 (SIGKILL)');
    expect(steps.map(describeStep)).toContain('link 3->1 down');
  });

  test("docs/commands.md's copy of it is the file's schedule", () => {
    const readme = readFileSync(fromRoot('docs', 'commands.md'), 'utf8');
    const block = /examples\/faults\.json[^\n]*:\n\n```json\n([\s\S]*?)```/.exec(readme);
    expect(JSON.parse(block![1]!)).toEqual(JSON.parse(readFileSync(fromRoot('examples', 'faults.json'), 'utf8')));
  });

  test('its fault windows: one per event, open ones closed at the given end', () => {
    const steps = planFaults(loadFaultSchedule(fromRoot('examples', 'faults.json')), ids);
    expect(faultWindows(steps, 60).map(({ from, to, label, kind }) => ({ from, to, label, kind }))).toEqual([
      { from: 10, to: 60, label: 'latency 200 ms on 1->2', kind: 'toxic' },
      { from: 20, to: 25, label: 'down machine:3', kind: 'down' },
      { from: 30, to: 60, label: 'slicer 3±2 B / 1000 µs on 1->3', kind: 'toxic' },
      { from: 40, to: 45, label: 'machine 2 killed', kind: 'kill' },
    ]);
    const down = faultWindows(steps).find((w) => w.kind === 'down');
    expect(down?.links).toEqual([[1, 3], [2, 3], [3, 1], [3, 2]]);
    expect(faultWindows(steps)[0]!.to).toBeNull();
  });
});

describe('validation', () => {
  const event = (e: Record<string, unknown>) => ({ events: [{ at: 1, ...e }] });
  test.each<[string, unknown, RegExp]>([
    ['an unknown action', event({ action: 'explode', links: '*' }), /^faults: events\[0\]\.action: not one of 'add', 'remove', 'down', 'up', 'kill', 'restart', is the string "explode"$/],
    ['no action', event({ links: '*' }), /^faults: events\[0\]\.action: missing \(one of 'add', 'remove', 'down', 'up', 'kill', 'restart'\)$/],
    // A misspelt field is named first, with the field meant: of the event's own form where the action says which.
    ['a misspelt action field', event({ acton: 'down', links: '*' }), /^faults: events\[0\]: unknown field "acton" \(did you mean "action"\?\); events\[0\]\.action: missing \(one of /],
    ['a misspelt until', event({ action: 'down', links: '*', untill: 3 }), /^faults: events\[0\]: unknown field "untill" \(did you mean "until"\?\)$/],
    ['an until on an event that takes none', event({ action: 'up', links: '*', untill: 3 }), /^faults: events\[0\]: unknown field "untill"$/],
    ['a misspelt toxic type field', event({ action: 'add', links: '*', toxic: { typ: 'latency' } }), /^faults: events\[0\]\.toxic: unknown field "typ" \(did you mean "type"\?\); events\[0\]\.toxic\.type: missing \(one of 'latency', /],
    ['a misspelt attribute of its toxic', event({ action: 'add', links: '*', toxic: { type: 'bandwidth', attributes: { rat: 5 } } }), /^faults: events\[0\]\.toxic\.attributes: unknown field "rat" \(did you mean "rate"\?\); events\[0\]\.toxic\.attributes\.rate: missing/],
    ['until not after at', event({ action: 'down', links: '*', until: 1 }), /^faults: events\[0\]\.until: must be later than "at"$/],
    ['a bad selector', event({ action: 'down', links: '1=>2' }), /^faults: events\[0\]\.links: .*selector such as "1->2"/],
    ['a self-link', event({ action: 'down', links: '2->2' }), /^faults: events\[0\]\.links: /],
    ['a bad selector in a list', event({ action: 'down', links: ['1->2', 'machine:x'] }), /^faults: events\[0\]\.links\[1\]: expected a link selector/],
    ['a link from a machine to itself', event({ action: 'down', links: '2->2' }), /^faults: events\[0\]\.links: "2->2" is a link from machine 2 to itself, which no machine has: a link joins two machines$/],
    ['a negative time', { events: [{ at: -1, action: 'kill', machine: 1 }] }, /^faults: events\[0\]\.at: should be at least 0, is -1$/],
    ['an unknown field', event({ action: 'kill', machine: 1, signal: 'SIGTERM' }), /^faults: events\[0\]: unknown field "signal"$/],
    ['an unknown top-level field', { events: [], faults: [] }, /^faults: unknown field "faults"$/],
    ['many unknown fields: the first three named, the rest counted', { events: [], a: 1, b: 2, c: 3, d: 4, e: 5 }, /^faults: unknown field "a", "b", "c" and 2 more$/],
    ['a config given as the schedule', { machines: { 1: { host: '127.0.0.1', port: 5001 } }, durationSeconds: 60 }, /^faults looks like a config \(it has "machines"\), not a fault schedule: -f takes a file of \{ "seed": \.\.\., "events": \[\.\.\.\] \}, -c the config$/],
    ['a bad toxic attribute', event({ action: 'add', links: '*', toxic: { type: 'latency', attributes: { latency: 'slow' } } }), /^faults: events\[0\]\.toxic\.attributes\.latency: should be a number, is the string "slow"$/],
    // A Node timer longer than 2^31 - 1 ms fires after 1 ms: such a latency would be the opposite of the fault asked for.
    ['a latency past the longest timer', event({ action: 'add', links: '*', toxic: { type: 'latency', attributes: { latency: 1e300 } } }), /^faults: events\[0\]\.toxic\.attributes\.latency: at most 2147483647 ms \(24\.8 days, the longest timer\)$/],
    ['a latency and jitter past the longest timer together', event({ action: 'add', links: '*', toxic: { type: 'latency', attributes: { latency: 2e9, jitter: 2e9 } } }), /^faults: events\[0\]\.toxic\.attributes\.jitter: latency \+ jitter must be at most 2147483647 ms \(24\.8 days, the longest timer\)$/],
    ['a timeout past the longest timer', event({ action: 'add', links: '*', toxic: { type: 'timeout', attributes: { timeout: 3e9 } } }), /^faults: events\[0\]\.toxic\.attributes\.timeout: at most 2147483647 ms/],
    ['an unknown toxic', event({ action: 'add', links: '*', toxic: { type: 'packet_loss' } }), /^faults: events\[0\]\.toxic\.type: not one of 'latency', 'bandwidth', 'slicer', 'timeout', 'reset_peer', is the string "packet_loss"$/],
    ['a bad toxic name', event({ action: 'add', links: '*', toxic: { type: 'timeout', name: 'a b' } }), /^faults: events\[0\]\.toxic\.name: toxic names use/],
    ['a fractional machine', event({ action: 'kill', machine: 1.5 }), /^faults: events\[0\]\.machine: should be a whole number, is 1\.5$/],
    ['a seed out of range', { seed: -1, events: [] }, /^faults: seed: should be at least 0, is -1$/],
    ['links of a wrong kind', event({ action: 'down', links: 5 }), /^faults: events\[0\]\.links: should be a string or a list, is 5$/],
    ['no links', event({ action: 'down' }), /^faults: events\[0\]\.links: missing \(expected a string or a list\)$/],
    ['an empty list of links', event({ action: 'down', links: [] }), /^faults: events\[0\]\.links: should have at least 1 item, has 0$/],
    ['no events', {}, /^faults: events: missing \(expected a list\)$/],
  ])('rejects %s with one line naming the field', (_what, raw, message) => {
    let error: unknown;
    try {
      parseFaultSchedule(raw);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  test('defaults: seed null (use the run seed), toxic attributes filled in', () => {
    const schedule = parseFaultSchedule({ events: [{ at: 0, action: 'add', links: '*', toxic: { type: 'timeout' } }] });
    expect(schedule.seed).toBeNull();
    expect(schedule.events[0]).toMatchObject({ toxic: { type: 'timeout', attributes: { timeout: 0 } } });
  });

  test('a file that is missing or not JSON: one line naming it', () => {
    const dir = tempDir('faults-');
    const file = join(dir, 'faults.json');
    expect(() => loadFaultSchedule(file)).toThrow(`cannot read fault schedule ${file}: no such file`);
    writeFileSync(file, '{ "events": [ ');
    expect(() => loadFaultSchedule(file)).toThrow(new RegExp(`^${file}: not valid JSON`));
    writeFileSync(file, JSON.stringify({ events: [{ at: 1, action: 'kill' }] }));
    expect(() => loadFaultSchedule(file)).toThrow(`${file}: events[0].machine: missing (expected a number)`);
  });
});

describe('selectors', () => {
  test.each<[string, string[]]>([
    ['1->2', ['1->2']],
    ['1→2', ['1->2']],
    ['*->3', ['1->3', '2->3']],
    ['3->*', ['3->1', '3->2']],
    ['machine:3', ['1->3', '2->3', '3->1', '3->2']],
    ['*', ['1->2', '1->3', '2->1', '2->3', '3->1', '3->2']],
  ])('%s names %j', (selector, links) => {
    expect(expandSelectors([selector], ids, 'links').map((l) => l.join('->'))).toEqual(links);
  });

  test('several selectors: the union, each link once', () => {
    expect(expandSelectors(['1->2', '*->2', '2->1'], ids, 'links').map((l) => l.join('->'))).toEqual(['1->2', '2->1', '3->2']);
  });
});

describe('planFaults', () => {
  test('orders by time, then file order, and undoes `until` faults at their end', () => {
    const steps = plan([
      { at: 5, action: 'kill', machine: 3, until: 8 },
      { at: 2, action: 'add', links: '2->1', toxic: lag(), until: 6 },
      { at: 2, action: 'down', links: '1->3' },
    ]);
    expect(steps.map(brief)).toEqual(['2 add lag 2->1', '2 down 1->3', '5 kill 3', '6 remove lag 2->1', '8 restart 3']);
    expect(steps.map((s) => s.event)).toEqual([1, 2, 0, 1, 0]);
  });

  test('at equal times a fault ending comes before one starting, whatever the file order', () => {
    const steps = plan([
      { at: 25, until: 30, action: 'down', links: '1->3' },
      { at: 20, until: 25, action: 'down', links: 'machine:3' },
    ]);
    // 1->3 stays down from 20 to 30: the first window's up at 25 is followed by the second's down at 25.
    expect(steps.filter((s) => 'link' in s && s.link.join('->') === '1->3').map(brief)).toEqual(['20 down 1->3', '25 up 1->3', '25 down 1->3', '30 up 1->3']);
  });

  test('overlapping down windows keep a link down until the last ends; `up` lifts them all', () => {
    expect(plan([
      { at: 1, until: 10, action: 'down', links: '1->2' },
      { at: 3, until: 5, action: 'down', links: '*->2' },
    ]).map(brief)).toEqual(['1 down 1->2', '3 down 3->2', '5 up 3->2', '10 up 1->2']);
    expect(plan([
      { at: 1, until: 10, action: 'down', links: '1->2' },
      { at: 4, action: 'up', links: '*' },
    ]).map(brief)).toEqual(['1 down 1->2', '4 up 1->2']);
  });

  test('remove takes a named toxic off the links that have it; a removed `until` toxic is not removed twice', () => {
    expect(plan([
      { at: 1, until: 9, action: 'add', links: '1->2', toxic: lag() },
      { at: 4, action: 'remove', links: '*', name: 'lag' },
    ]).map(brief)).toEqual(['1 add lag 1->2', '4 remove lag 1->2']);
  });

  test('a toxic without a name is named after its type', () => {
    const [step] = plan([{ at: 0, action: 'add', links: '1->2', toxic: { type: 'bandwidth', attributes: { rate: 10 } } }]);
    expect(step).toMatchObject({ action: 'add', toxic: { name: 'bandwidth', type: 'bandwidth' }, label: 'bandwidth 10 KB/s on 1->2' });
  });

  test('a toxic added without a name is removed by its type', () => {
    const steps = plan([{ at: 0, action: 'add', links: '1->2', toxic: { type: 'latency', attributes: { latency: 5 } } }, { at: 2, action: 'remove', links: '1->2', name: 'latency' }]);
    expect(steps.map((s) => [s.at, s.action, 'toxic' in s ? s.toxic.name : undefined])).toEqual([
      [0, 'add', 'latency'],
      [2, 'remove', 'latency'],
    ]);
  });

  test('labels from the file are kept on every step of the event', () => {
    const steps = plan([{ at: 0, until: 1, action: 'down', links: '*->1', label: 'partition of 1' }]);
    expect(new Set(steps.map((s) => s.label))).toEqual(new Set(['partition of 1']));
  });

  test.each<[string, unknown[], RegExp]>([
    ['a link to an unknown machine', [{ at: 0, action: 'down', links: '1->7' }], /^events\[0\]\.links: no machine 7 in the config \(machines 1-3\)$/],
    ['killing an unknown machine', [{ at: 0, action: 'kill', machine: 9 }], /^events\[0\]\.machine: no machine 9/],
    ['a toxic name already on the link', [{ at: 0, action: 'add', links: '1->2', toxic: lag() }, { at: 1, action: 'add', links: '*', toxic: lag(5) }], /^events\[1\]: toxic "lag" is already on 1->2 at 1 s$/],
    ['removing a toxic that is not there', [{ at: 3, action: 'remove', links: '1->2', name: 'lag' }], /^events\[0\]: no toxic "lag" on 1->2 at 3 s \(no toxic is on them then\)$/],
    [
      'removing a toxic by a name it does not have (one added without a name is called by its type)',
      [{ at: 0, action: 'add', links: '1->2', toxic: { type: 'latency', attributes: { latency: 5 } } }, { at: 1, action: 'add', links: '1->2', toxic: lag() }, { at: 3, action: 'remove', links: '1->2', name: 'lag2' }],
      /^events\[2\]: no toxic "lag2" on 1->2 at 3 s \(it has "latency" and "lag"\)$/,
    ],
    ['bringing up links none of which is down', [{ at: 2, action: 'up', links: '*' }], /^events\[0\]: no link of \* is down at 2 s, so up would change nothing$/],
    ['bringing up a link after its window ended', [{ at: 1, until: 3, action: 'down', links: '1->2' }, { at: 4, action: 'up', links: ['1->2', '2->1'] }], /^events\[1\]: no link of 1->2, 2->1 is down at 4 s, so up would change nothing$/],
    ['killing a dead machine', [{ at: 0, action: 'kill', machine: 2 }, { at: 1, action: 'kill', machine: 2 }], /^events\[1\]: machine 2 is already killed at 1 s$/],
    ['restarting a live machine', [{ at: 0, action: 'restart', machine: 2 }], /^events\[0\]: machine 2 is not killed at 0 s/],
  ])('rejects %s', (_what, events, message) => {
    expect(() => plan(events)).toThrow(UsageError);
    expect(() => plan(events)).toThrow(message);
  });
});

describe('faultWindows', () => {
  test('windows of one event that end at different times are kept apart; no end leaves them open (null)', () => {
    const steps = plan([
      { at: 1, until: 10, action: 'down', links: '1->2' },
      { at: 3, until: 5, action: 'down', links: '*->2' },
      { at: 6, action: 'kill', machine: 1 },
    ]);
    expect(faultWindows(steps).map(({ from, to, event, links }) => ({ from, to, event, links }))).toEqual([
      { from: 1, to: 10, event: 0, links: [[1, 2]] },
      { from: 3, to: 5, event: 1, links: [[3, 2]] },
      { from: 6, to: null, event: 2, links: [] },
    ]);
  });

  test('a run shorter than the schedule: events at or past its end leave no window, and open ones end with it', () => {
    const steps = plan([
      { at: 2, until: 15, action: 'down', links: '1->2' },
      { at: 10, action: 'kill', machine: 1 },
      { at: 30, until: 40, action: 'add', links: '1->3', toxic: { type: 'latency', attributes: { latency: 50 } } },
    ]);
    expect(faultWindows(steps, 10).map(({ from, to, event }) => ({ from, to, event }))).toEqual([{ from: 2, to: 10, event: 0 }]);
  });
});
