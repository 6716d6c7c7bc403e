// Waiting for something a process does (a file appears, a line is written): polls the condition, bounded by a timeout.
import type { ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';

/** Resolves once `condition()` is true; rejects after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(25);
  }
}

/**
 * Resolves with the output so far once a child's stdout holds `marker` (chunks joined: a marker may come split across
 * two reads); rejects if its output closes first, quoting the end of what it printed.
 */
export function waitForOutput(child: ChildProcess, marker: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const stop = () => {
      child.stdout!.off('data', onData);
      child.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      seen += String(chunk);
      if (!seen.includes(marker)) return;
      stop();
      resolve(seen);
    };
    const onClose = () => {
      stop();
      reject(new Error(`the process ended before printing ${JSON.stringify(marker)}; its output ended with: ${seen.slice(-400)}`));
    };
    child.stdout!.on('data', onData);
    child.on('close', onClose);
  });
}
