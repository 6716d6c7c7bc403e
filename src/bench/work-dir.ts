// Scratch folders for benchmark runs (configs, run folders), removed when the measurement is done.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The scratch folders of measurements still running. */
const openDirs = new Set<string>();

/** Runs `body` with a fresh folder under the OS temp dir and removes the folder afterwards. */
export async function withWorkDir<T>(prefix: string, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `lamport-bench-${prefix}-`));
  openDirs.add(dir);
  try {
    return await body(dir);
  } finally {
    openDirs.delete(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Removes the scratch folders of the measurements still running (the benchmark is being interrupted). */
export function removeOpenWorkDirs(): void {
  for (const dir of openDirs) rmSync(dir, { recursive: true, force: true });
  openDirs.clear();
}

/** Runs `attempt` once more if it throws (a port taken between choosing and binding it, say); the second error propagates. */
export async function retryOnce<T>(attempt: (n: number) => Promise<T>): Promise<T> {
  try {
    return await attempt(1);
  } catch {
    return attempt(2);
  }
}
