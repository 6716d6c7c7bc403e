// afterTest: clean-ups run after the test, the last first, all of them even when one throws, and after a failed test too.
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterTest, runAfterTest } from './cleanup.js';
import { tempDir } from './cli.js';
import { runJestFixture } from './jest-fixture.js';
import { testServer } from './test-server.js';

/** Whether something accepts a connection on 127.0.0.1:`port` now. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const settle = (accepted: boolean) => {
      socket.destroy();
      resolve(accepted);
    };
    socket.once('connect', () => settle(true));
    socket.once('error', () => settle(false));
  });
}

describe('runAfterTest', () => {
  test('runs the clean-ups the last registered first, awaiting each, and none twice', async () => {
    const ran: string[] = [];
    afterTest(() => ran.push('first'));
    afterTest(async () => {
      await Promise.resolve();
      ran.push('second');
    });
    await runAfterTest();
    await runAfterTest();
    expect(ran).toEqual(['second', 'first']);
  });

  test('runs every clean-up when one throws, then throws its error', async () => {
    const ran: string[] = [];
    afterTest(() => ran.push('first'));
    afterTest(() => {
      throw new Error('could not close');
    });
    afterTest(() => ran.push('third'));
    await expect(runAfterTest()).rejects.toThrow('could not close');
    expect(ran).toEqual(['third', 'first']);
  });

  test('with two that throw, throws both together', async () => {
    afterTest(() => Promise.reject(new Error('one')));
    afterTest(() => Promise.reject(new Error('two')));
    const error = await runAfterTest().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors.map((e: Error) => e.message)).toEqual(['two', 'one']);
  });
});

describe('after each test (test/setup/end-what-tests-left.ts)', () => {
  let port = 0;

  test('a test may leave a server listening...', async () => {
    ({ port } = await testServer());
    expect(await accepts(port)).toBe(true);
  });

  test('...and before the next test starts it is closed', async () => {
    expect(port).toBeGreaterThan(0);
    expect(await accepts(port)).toBe(false);
  });

  test('a failing test in its own jest: the run fails and ends, its server closed', async () => {
    const portFile = join(tempDir('cleanup-'), 'port');
    const jest = await runJestFixture('fails-leaving-a-server', { LAMPORT_TEST_PORT_FILE: portFile });
    // Without the clean-up, the listening server keeps jest waiting ("Jest did not exit") until the timeout stops it.
    expect(jest.timedOut).toBe(false);
    expect(jest.exitCode).toBe(1);
    expect(jest.stderr).toContain('Expected: "closed already"');
    expect(jest.stderr).not.toContain('did not exit');
    expect(Number(readFileSync(portFile, 'utf8'))).toBeGreaterThan(0);
  });
});
