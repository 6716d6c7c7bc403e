// Ending the processes a test leaves: a whole tree, one that restarts its children, and what a failing test left.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { endProcessTree, trackChild } from './children.js';
import { tempDir } from './cli.js';
import { runJestFixture } from './jest-fixture.js';
import { fromRoot } from './repo.js';
import { waitUntil } from './wait.js';

const TREE = fromRoot('test', 'fixtures', 'processes', 'tree.mjs');

/** The pids in a tree's pid file once it holds `count` of them. */
async function pidsOnceThere(pidFile: string, count: number): Promise<number[]> {
  const pids = () => (existsSync(pidFile) ? readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number) : []);
  await waitUntil(() => pids().length >= count, `${count} processes`);
  return pids();
}

/** Whether a process is still running (a zombie has ended: only its exit status is left). */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX] /s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Starts tree.mjs with `depth` levels below it, tracked, and returns its pid file. */
function startTree(depth: number, respawn = false): { pidFile: string; exited: Promise<unknown> } {
  const pidFile = join(tempDir('children-'), 'pids');
  const child = trackChild(spawn(process.execPath, [TREE, pidFile, String(depth), ...(respawn ? ['respawn'] : [])], { stdio: 'ignore' }));
  return { pidFile, exited: new Promise((resolve) => child.once('exit', resolve)) };
}

describe('endProcessTree', () => {
  test('ends a process, its child and its grandchild, and the process exits by SIGKILL', async () => {
    const { pidFile, exited } = startTree(2);
    const pids = await pidsOnceThere(pidFile, 3);
    expect(await endProcessTree(pids[0]!)).toEqual(expect.arrayContaining(pids));
    expect(await exited).toBeNull();
    expect(pids.filter(isRunning)).toEqual([]);
  });

  test('ends a tree whose processes start their children again when they die', async () => {
    const { pidFile } = startTree(2, true);
    const [root] = await pidsOnceThere(pidFile, 3);
    await endProcessTree(root!);
    // Every process the tree ever started, respawned ones included, is gone.
    expect(readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number).filter(isRunning)).toEqual([]);
  });
});

describe('after each test (test/setup/end-left-children.ts)', () => {
  let left: number[] = [];

  test('a test may leave a tracked tree running...', async () => {
    left = await pidsOnceThere(startTree(2, true).pidFile, 3);
    expect(left.filter(isRunning)).toEqual(left);
  });

  test('...and before the next test starts all of it is gone', () => {
    expect(left).toHaveLength(3);
    expect(left.filter(isRunning)).toEqual([]);
  });

  test('a failing test in its own jest: the run fails, ends, and leaves nothing running', async () => {
    const pidFile = join(tempDir('children-'), 'pids');
    const jest = await runJestFixture('fails-leaving-children', { LAMPORT_TEST_PID_FILE: pidFile });
    // Without the kill, the child's handle keeps jest waiting ("Jest did not exit") until the timeout stops it.
    expect(jest.timedOut).toBe(false);
    expect(jest.exitCode).toBe(1);
    expect(jest.stderr).toContain('Expected: "gone already"');
    const pids = readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number);
    expect(pids.length).toBeGreaterThanOrEqual(3);
    expect(pids.filter(isRunning)).toEqual([]);
  });
});
