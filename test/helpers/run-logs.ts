// Reads a run folder's JSONL logs and checks the machine rules a start-all run must obey (used by CLI tests).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MachineRecord, ReceiveRecord, SendRecord, StopRecord } from '../../src/core/records.js';

export function readLog(dir: string, id: number): MachineRecord[] {
  return readFileSync(join(dir, `machine-${id}.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as MachineRecord);
}

/** Every rule of the machines issue that a single log and the links between logs must obey; returns the broken ones. */
export function ruleViolations(logs: Map<number, MachineRecord[]>): string[] {
  const problems: string[] = [];
  const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
  for (const [id, records] of logs) {
    const where = (i: number) => `machine ${id} record ${i + 1}`;
    if (records[0]?.event !== 'start') problems.push(`${where(0)}: first record is not start`);
    if (records.at(-1)?.event !== 'stop') problems.push(`machine ${id}: last record is not stop`);
    if (records.filter((r) => r.event === 'start').length !== 1) problems.push(`machine ${id}: not exactly one start`);
    let clock = 0;
    let tick = 0;
    records.forEach((r, i) => {
      if (!iso.test(r.time)) problems.push(`${where(i)}: time ${r.time} is not ISO with milliseconds`);
      if (r.machine !== id) problems.push(`${where(i)}: machine ${r.machine}`);
      if (r.event === 'internal' || r.event === 'send' || r.event === 'receive') {
        if (r.tick !== ++tick) problems.push(`${where(i)}: tick ${r.tick}, expected ${tick}`);
        const expected = r.event === 'receive' ? Math.max(clock, r.msgClock) + 1 : clock + 1;
        if (r.clock !== expected) problems.push(`${where(i)}: clock ${r.clock}, expected ${expected}`);
        clock = r.clock;
      }
      if (r.event === 'stop' && (r.clock !== clock || r.ticks !== tick)) problems.push(`${where(i)}: stop does not match the last tick`);
    });
  }
  // Per link: the k-th receive from p at q carries the clock of p's k-th send to q.
  for (const [q, records] of logs) {
    for (const p of logs.keys()) {
      if (p === q) continue;
      const sent = (logs.get(p) ?? []).filter((r): r is SendRecord => r.event === 'send' && r.to.includes(q)).map((r) => r.clock);
      const got = records.filter((r): r is ReceiveRecord => r.event === 'receive' && r.from === p).map((r) => r.msgClock);
      if (got.length > sent.length || got.some((c, k) => c !== sent[k])) problems.push(`link ${p}->${q}: receives do not match sends in order`);
    }
  }
  return problems;
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
