// signalsHeard: a signal already received has run its handlers once it resolves, even awaited from an I/O callback.
import { describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { pathToFileURL } from 'node:url';
import { fromRoot } from '../helpers/repo.js';

/**
 * In a process of its own (jest's `process` does not take signal handlers): SIGUSR2 sent to itself from inside an I/O
 * callback, where a loop that checks for a stop between its steps resumes, then one setImmediate or signalsHeard.
 */
const script = `
import { readFile } from 'node:fs';
import { signalsHeard } from ${JSON.stringify(pathToFileURL(fromRoot('dist/src/cli/stop-signals.js')).href)};
const heardAfter = (wait) => new Promise((resolve) => {
  let heard = false;
  const onSignal = () => { heard = true; };
  process.on('SIGUSR2', onSignal);
  readFile(${JSON.stringify(fromRoot('package.json'))}, () => {
    process.kill(process.pid, 'SIGUSR2');
    wait().then(() => { process.off('SIGUSR2', onSignal); resolve(heard); });
  });
});
const oneTurn = await heardAfter(() => new Promise((resolve) => setImmediate(resolve)));
const heard = await heardAfter(signalsHeard);
console.log(JSON.stringify({ oneTurn, heard }));
`;

describe('signalsHeard', () => {
  test('after it, the handler of a signal received in an I/O callback has run (one setImmediate is not enough)', async () => {
    const r = await execa(process.execPath, ['--input-type=module', '-e', script], { reject: false });
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout)).toEqual({ oneTurn: false, heard: true });
  });
});
