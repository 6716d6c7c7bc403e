// Scratch folders for benchmark runs (configs, run folders), removed when the measurement is done.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs `body` with a fresh folder under the OS temp dir and removes the folder afterwards. */
export async function withWorkDir<T>(prefix: string, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `lamport-bench-${prefix}-`));
  try {
    return await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `attempt` once more if it throws (a port taken between choosing and binding it, say); the second error propagates. */
export async function retryOnce<T>(attempt: (n: number) => Promise<T>): Promise<T> {
  try {
    return await attempt(1);
  } catch {
    return attempt(2);
  }
}
