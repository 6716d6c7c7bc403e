// start-all's per-machine summary read from a log on disk: lines that are no record are skipped, never thrown on.
import { writeFileSync } from 'node:fs';
import { tempDir } from '../helpers/cli.js';
import { summarizeMachine } from '../../src/runner/summary.js';
import { jsonlPath } from '../../src/log/machine-log.js';

const time = (s: number) => `2026-01-01T00:00:0${s}.000Z`;

test('a log with null, a number, an array, cut and field-less lines among its records is summarised from the records alone', async () => {
  const dir = tempDir();
  const lines = [
    JSON.stringify({ time: time(0), machine: 2, event: 'start', clock: 0, rate: 4, peers: [1, 3] }),
    'null',
    '42',
    '[]',
    '{"time":"2026-01-01T00:00:01.000Z","machine":2,"event":"internal","clock":9',
    JSON.stringify({ time: time(1), machine: 2, event: 'internal', tick: 1 }),
    JSON.stringify({ time: time(1), machine: 2, event: 'internal', clock: 1, tick: 1, queue: 0 }),
    JSON.stringify({ time: time(2), machine: 2, event: 'internal', clock: 2, tick: 2, queue: 3 }),
    JSON.stringify({ time: time(3), machine: 2, event: 'stop', clock: 2, ticks: 2, queue: 0, maxLagMs: 1.5 }),
  ];
  writeFileSync(jsonlPath(dir, 2), lines.join('\n') + '\n');
  await expect(summarizeMachine(dir, 2)).resolves.toMatchObject({ id: 2, rate: 4, ticks: 2, clock: 2, maxQueue: 3, endQueue: 0, maxLagMs: 1.5, incarnations: 1, stopped: true });
});

test("a restarted machine's max lag is the largest of its incarnations' that ticked: a restart that never ticked does not show 0", async () => {
  const dir = tempDir();
  const start = (t: number, incarnation: number) => JSON.stringify({ time: time(t), machine: 2, event: 'start', clock: 0, rate: 4, peers: [1], incarnation });
  const tick = (t: number, clock: number) => JSON.stringify({ time: time(t), machine: 2, event: 'internal', clock, tick: clock, queue: 0 });
  const stop = (t: number, ticks: number, maxLagMs: number) => JSON.stringify({ time: time(t), machine: 2, event: 'stop', clock: ticks, ticks, queue: 0, maxLagMs });
  // Incarnation 1 stopped late by 7 ms; incarnation 2 never ticked (its stop says 0); incarnation 3 ticked, 2 ms late at most.
  writeFileSync(jsonlPath(dir, 2), [start(0, 1), tick(1, 1), stop(2, 1, 7), start(3, 2), stop(4, 0, 0)].join('\n') + '\n');
  await expect(summarizeMachine(dir, 2)).resolves.toMatchObject({ ticks: 1, maxLagMs: 7, incarnations: 2, stopped: true });
  writeFileSync(jsonlPath(dir, 2), [start(0, 1), tick(1, 1), stop(2, 1, 7), start(3, 2), stop(4, 0, 0), start(5, 3), tick(6, 1), stop(7, 1, 2)].join('\n') + '\n');
  await expect(summarizeMachine(dir, 2)).resolves.toMatchObject({ ticks: 2, maxLagMs: 7, incarnations: 3 });
  // Killed before any stop record, then a restart that never ticked: no lateness known.
  writeFileSync(jsonlPath(dir, 2), [start(0, 1), tick(1, 1), start(3, 2), stop(4, 0, 0)].join('\n') + '\n');
  await expect(summarizeMachine(dir, 2)).resolves.toMatchObject({ ticks: 1, maxLagMs: null });
});
