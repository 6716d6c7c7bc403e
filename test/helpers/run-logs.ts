// Reads a run folder's JSONL logs and counts its messages (used by CLI tests; the rules themselves: src/analysis/check-run.ts).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MachineRecord, StopRecord } from '../../src/core/records.js';

export function readLog(dir: string, id: number): MachineRecord[] {
  return readFileSync(join(dir, `machine-${id}.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as MachineRecord);
}

/** Whether machine `id`'s JSONL log exists and holds text matching `pattern` so far (a condition for waitUntil). */
export function logMatches(dir: string, id: number, pattern: RegExp): boolean {
  const file = join(dir, `machine-${id}.jsonl`);
  return existsSync(file) && pattern.test(readFileSync(file, 'utf8'));
}

/** recipients in send records, receive records, and messages left in stop queues, summed over the run. */
export function messageCounts(logs: Map<number, MachineRecord[]>): { sent: number; received: number; queued: number } {
  let sent = 0;
  let received = 0;
  let queued = 0;
  for (const records of logs.values()) {
    for (const r of records) {
      if (r.event === 'send') sent += r.to.length;
      else if (r.event === 'receive') received++;
      else if (r.event === 'stop') queued += (r as StopRecord).queue;
    }
  }
  return { sent, received, queued };
}
