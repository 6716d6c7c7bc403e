// The benchmark's watch on the kernel's memory threads, read from a made-up /proc: which threads count, and how their
// CPU over a measurement becomes ms per second.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoryThreadsCpuMs, watchMemoryThreads } from '../../src/bench/kernel-threads.js';
import { tempDir } from '../helpers/cli.js';

/** Writes /proc/<pid>/comm and a /proc/<pid>/stat whose utime and stime are the given clock ticks (100 a second). */
function thread(root: string, pid: number, name: string, utime: number, stime: number): void {
  mkdirSync(join(root, String(pid)), { recursive: true });
  writeFileSync(join(root, String(pid), 'comm'), `${name}\n`);
  const rest = `S 2 0 0 0 -1 2097216 0 0 0 0 ${utime} ${stime} 0 0 20 0 1 0 15 0 0`;
  writeFileSync(join(root, String(pid), 'stat'), `${pid} (${name}) ${rest}\n`);
}

describe('kernel memory threads', () => {
  let root: string;
  beforeEach(() => {
    root = tempDir('lamport-proc-');
    thread(root, 2, 'kthreadd', 0, 0);
    thread(root, 36, 'kcompactd0', 10, 5);
    thread(root, 78, 'kdamond.0', 1500, 500);
    thread(root, 4100, 'node', 9000, 1000);
  });

  test('only the memory threads count, each with its CPU so far in ms', () => {
    expect(memoryThreadsCpuMs(root)).toEqual(
      new Map([
        ['kcompactd0', 150],
        ['kdamond.0', 20_000],
      ]),
    );
  });

  test('two threads of one name are told apart by pid', () => {
    thread(root, 79, 'kdamond.0', 1, 0);
    expect([...memoryThreadsCpuMs(root).keys()].sort()).toEqual(['kcompactd0', 'kdamond.0', 'kdamond.0/79']);
  });

  test('a watch gives ms of CPU per second of wall time, busiest first, idle threads left out', () => {
    thread(root, 45, 'kswapd0', 3, 0);
    let clock = 1_000;
    const stop = watchMemoryThreads(root, () => clock);
    thread(root, 78, 'kdamond.0', 1500 + 60, 500 + 20); // 800 ms of CPU
    thread(root, 36, 'kcompactd0', 10 + 2, 5); // 20 ms
    clock += 10_000;
    expect(stop()).toEqual({ cpuMsPerSecond: 82, threads: { 'kdamond.0': 80, kcompactd0: 2 } });
  });

  test('a thread that ends during the watch counts as idle', () => {
    let clock = 0;
    const stop = watchMemoryThreads(root, () => clock);
    rmSync(join(root, '78'), { recursive: true });
    clock = 2_000;
    expect(stop()).toEqual({ cpuMsPerSecond: 0, threads: {} });
  });

  test('no memory threads (or no /proc) gives no figure', () => {
    rmSync(join(root, '36'), { recursive: true });
    rmSync(join(root, '78'), { recursive: true });
    expect(watchMemoryThreads(root)()).toBeUndefined();
    expect(memoryThreadsCpuMs(join(root, 'missing')).size).toBe(0);
  });
});
