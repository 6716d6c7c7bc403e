// Writes small run folders by driving MachineCore in virtual time (fixed link latency, seeded draws): the real format.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MachineCore } from '../../../src/core/machine.js';
import { createDrawSource } from '../../../src/core/random.js';
import type { CoreRecord } from '../../../src/core/records.js';
import { jsonLine } from '../../../src/log/format.js';

export interface ScriptedRunOptions {
  /** Machine id -> ticks per second. */
  rates: Record<number, number>;
  durationMs: number;
  latencyMs: number;
  internalProbability: number;
  seed: number;
  start?: number;
}

interface Pending {
  time: number;
  seq: number;
  /** A tick of `machine`, or a delivery to `machine` from `from` of `clock`. */
  kind: 'tick' | 'deliver';
  machine: number;
  from?: number;
  clock?: number;
}

/** Simulates and returns every machine's records (CoreRecord, time in ms) in emission order. */
export function scriptedRecords(options: ScriptedRunOptions): Map<number, CoreRecord[]> {
  const start = options.start ?? Date.parse('2026-01-01T00:00:00.000Z');
  const ids = Object.keys(options.rates).map(Number).sort((a, b) => a - b);
  const logs = new Map<number, CoreRecord[]>(ids.map((id) => [id, []]));
  const cores = new Map(
    ids.map((id) => [
      id,
      new MachineCore({ id, peers: ids.filter((p) => p !== id), rate: options.rates[id]!, internalProbability: options.internalProbability, seed: options.seed, assumeConnected: true }),
    ]),
  );
  const draws = new Map(ids.map((id) => [id, createDrawSource(options.seed, id)]));
  const queue: Pending[] = [];
  let seq = 0;
  const push = (p: Omit<Pending, 'seq'>): void => {
    queue.push({ ...p, seq: seq++ });
  };
  for (const id of ids) {
    logs.get(id)!.push(cores.get(id)!.start(start));
    const rate = options.rates[id]!;
    for (let k = 1; start + (k * 1000) / rate <= start + options.durationMs; k++) push({ time: start + (k * 1000) / rate, kind: 'tick', machine: id });
  }
  for (;;) {
    queue.sort((a, b) => a.time - b.time || a.seq - b.seq);
    const next = queue.shift();
    if (!next) break;
    const core = cores.get(next.machine)!;
    if (next.kind === 'deliver') {
      core.handleMessage(next.from!, next.clock!);
      continue;
    }
    const record = core.handleTick(next.time, draws.get(next.machine)!.next());
    logs.get(next.machine)!.push(record);
    if (record.event === 'send') {
      for (const to of record.to) push({ time: next.time + options.latencyMs, kind: 'deliver', machine: to, from: next.machine, clock: record.clock });
    }
  }
  for (const id of ids) logs.get(id)!.push(cores.get(id)!.stop(start + options.durationMs, 0));
  return logs;
}

/** Writes the records as machine-<id>.jsonl files (and a run.json) in `dir`; returns the records. */
export function writeScriptedRun(dir: string, options: ScriptedRunOptions): Map<number, CoreRecord[]> {
  const logs = scriptedRecords(options);
  mkdirSync(dir, { recursive: true });
  for (const [id, records] of logs) writeFileSync(join(dir, `machine-${id}.jsonl`), records.map((r) => `${jsonLine(r)}\n`).join(''));
  writeFileSync(
    join(dir, 'run.json'),
    JSON.stringify({ mode: 'simulated', seed: options.seed, rates: options.rates, internalProbability: options.internalProbability, stoppedTogether: true }),
  );
  return logs;
}
