// Waiting for something a process does (a file appears, a line is written): polls the condition, bounded by a timeout.
import { setTimeout as delay } from 'node:timers/promises';

/** Resolves once `condition()` is true; rejects after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(25);
  }
}
