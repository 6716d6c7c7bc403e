// The live view's status of a machine the fault schedule killed, read from its log: never a rejection, whatever the log.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tempDir } from '../helpers/cli.js';
import { jsonlPath } from '../../src/log/machine-log.js';
import { showLoggedStatus, type ShownMachine } from '../../src/runner/killed-status.js';

const lastStatus = { id: 2, clock: 7, queue: 0, ticks: 5, connected: 2, ticking: true };

test('takes the ticks and clock of the log, less the ticks of the earlier incarnations', async () => {
  const dir = tempDir();
  const start = { time: '2026-01-01T00:00:00.000Z', machine: 2, event: 'start', clock: 0, rate: 4, peers: [1] };
  const tick = { time: '2026-01-01T00:00:02.000Z', machine: 2, event: 'internal', clock: 9, tick: 6, queue: 0 };
  writeFileSync(jsonlPath(dir, 2), `${JSON.stringify(start)}\n${JSON.stringify(tick)}\n`);
  const machine: ShownMachine = { id: 2, earlierTicks: 0, status: { ...lastStatus } };
  await showLoggedStatus(machine, dir);
  expect(machine.status).toEqual({ ...lastStatus, ticks: 6, clock: 9 });
});

test('a log that cannot be read (a folder in its place) leaves the status as it was, and does not reject', async () => {
  const dir = tempDir();
  mkdirSync(jsonlPath(dir, 2));
  const machine: ShownMachine = { id: 2, earlierTicks: 0, status: { ...lastStatus } };
  await expect(showLoggedStatus(machine, dir)).resolves.toBeUndefined();
  expect(machine.status).toEqual(lastStatus);
});
