// Child processes the test helpers start: tracked until they exit, so whatever a test leaves running (with its own children) can be ended.
import { readFileSync } from 'node:fs';
import { processIds } from './processes.js';
import { waitUntil } from './wait.js';
import { setTimeout as delay } from 'node:timers/promises';

/** What tracking needs of a child: node's ChildProcess and execa's subprocess both have it. */
interface Child {
  readonly pid?: number | undefined;
  readonly exitCode: number | null;
  readonly signalCode: string | null;
  once(event: 'exit', listener: () => void): unknown;
}

/** The children started during the current test and not yet exited. */
const running = new Set<Child>();

/** Remembers `child` until it exits, so endLeftChildren can end it (and its children) if the test does not; returns it. */
export function trackChild<T extends Child>(child: T): T {
  if (child.pid === undefined || hasExited(child)) return child;
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

function hasExited(child: Child): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** A process's parent pid and state letter (R, S, T, Z, ...), read from /proc/<pid>/stat; undefined once it is gone. */
function statOf(pid: number): { ppid: number; state: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may itself hold spaces and parentheses: the fields follow the last ')'.
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(ppid), state: state! };
  } catch {
    return undefined;
  }
}

/** Whether `pid` has ended: gone from /proc, or a zombie waiting for its parent to read its status. */
function isGone(pid: number): boolean {
  const stat = statOf(pid);
  return stat === undefined || stat.state === 'Z' || stat.state === 'X';
}

/** Pids of the live processes whose parent is one of `parents`. */
function childrenOf(parents: Set<number>): number[] {
  const found: number[] = [];
  for (const pid of processIds()) {
    const stat = statOf(pid);
    if (stat && parents.has(stat.ppid) && !isGone(pid)) found.push(pid);
  }
  return found;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Resolves once every pid is stopped (state T) or gone, or after `timeoutMs`: a stopped process can fork no more. */
async function untilStopped(pids: number[], timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some((pid) => !isGone(pid) && statOf(pid)?.state !== 'T' && statOf(pid)?.state !== 't') && Date.now() < deadline) await delay(5);
}

/**
 * Ends `root` and every process below it: SIGSTOP from the top down (so no one starts or restarts a child meanwhile,
 * children found through /proc), then SIGKILL to all, then waits until each has ended (at most `timeoutMs`).
 * Returns the pids it signalled, root first. Linux only, as /proc is.
 */
export async function endProcessTree(root: number, timeoutMs = 10000): Promise<number[]> {
  const tree = new Set<number>();
  let next = [root];
  while (next.length > 0) {
    for (const pid of next) {
      signal(pid, 'SIGSTOP');
      tree.add(pid);
    }
    await untilStopped(next);
    next = childrenOf(tree).filter((pid) => !tree.has(pid));
  }
  for (const pid of tree) signal(pid, 'SIGKILL');
  await waitUntil(() => [...tree].every(isGone), `processes ${[...tree].join(', ')} to end after SIGKILL`, timeoutMs);
  return [...tree];
}

/** Ends every tracked child still running, with its whole tree, and waits for each to exit; returns how many there were. */
export async function endLeftChildren(): Promise<number> {
  const left = [...running];
  running.clear();
  await Promise.all(
    left.map(async (child) => {
      const exited = hasExited(child) ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await endProcessTree(child.pid!);
      await exited;
    }),
  );
  return left.length;
}
