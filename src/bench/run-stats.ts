// Reads a finished run folder and measures each machine: ticks against rate x elapsed, lateness, connect-up, log files.
import { existsSync, readFileSync } from 'node:fs';
import { isTickRecord, type MachineRecord, type StopRecord } from '../core/records.js';
import { humanLogPath, jsonlPath } from '../log/machine-log.js';
import { cpuPercent, peakRssMb, type StartAllRun } from './start-all-run.js';

export interface MachineStats {
  id: number;
  rate: number;
  /** Epoch ms of the start record (port bound, log open). */
  startedAt: number;
  /**
   * Epoch ms when ticking began: the later of the record just before the first tick (the last connect, or the
   * connect-timeout warning) and the first tick less one period (a machine waits for its peers' hellos too, which
   * leave no record, so the last connect can come before the start; the first tick's lateness makes this an upper bound).
   */
  tickingAt: number;
  /** Epoch ms of the stop record. */
  stoppedAt: number;
  ticks: number;
  /** rate x how long it ticked: the stop record's tickingMs (logs without it: stop record - ticking start). */
  expectedTicks: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  /** Both log files hold the same number of lines, opening with start and closing with stop. */
  logsComplete: boolean;
  jsonlLines: number;
  humanLines: number;
  /** Percent of one core over the steady part of the run, and peak resident memory; undefined without samples. */
  cpuPercent?: number;
  peakRssMb?: number;
}

const countLines = (text: string): number => {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
};

/** Measures machine `id` of a run folder; throws when its log has no start, no tick or no stop record. */
export function machineStats(dir: string, id: number): MachineStats {
  const jsonl = readFileSync(jsonlPath(dir, id), 'utf8');
  const human = existsSync(humanLogPath(dir, id)) ? readFileSync(humanLogPath(dir, id), 'utf8') : '';
  const lines = jsonl.split('\n').filter(Boolean);
  const records = lines.map((l) => JSON.parse(l) as MachineRecord);
  const start = records[0];
  const stop = records.at(-1);
  if (start?.event !== 'start' || stop?.event !== 'stop') throw new Error(`machine ${id}: log does not run from start to stop`);
  const firstTick = records.findIndex(isTickRecord);
  if (firstTick < 1) throw new Error(`machine ${id}: no tick in the log`);
  const tickingAt = Math.max(Date.parse(records[firstTick - 1]!.time), Date.parse(records[firstTick]!.time) - 1000 / start.rate);
  const stoppedAt = Date.parse(stop.time);
  const s = stop as StopRecord;
  const humanLines = countLines(human);
  return {
    id,
    rate: start.rate,
    startedAt: Date.parse(start.time),
    tickingAt,
    stoppedAt,
    ticks: s.ticks,
    expectedTicks: (start.rate * (s.tickingMs ?? stoppedAt - tickingAt)) / 1000,
    lagP50Ms: s.lagP50Ms ?? Number.NaN,
    lagP99Ms: s.lagP99Ms ?? Number.NaN,
    lagMaxMs: s.maxLagMs,
    logsComplete: humanLines === lines.length && /\| START \|/.test(human.slice(0, 200)) && /\| STOP \|[^\n]*\n$/.test(human.slice(-300)),
    jsonlLines: lines.length,
    humanLines,
  };
}

/** Measures every machine of a start-all run, adding CPU (steady window) and peak memory from the /proc samples. */
export function runStats(run: StartAllRun, ids: readonly number[]): MachineStats[] {
  const stats = ids.map((id) => machineStats(run.dir, id));
  const tickingFrom = Math.max(...stats.map((m) => m.tickingAt));
  const tickingTo = Math.min(...stats.map((m) => m.stoppedAt));
  const margin = Math.min(500, (tickingTo - tickingFrom) * 0.15);
  for (const m of stats) {
    const samples = run.samples.get(m.id) ?? [];
    const cpu = cpuPercent(samples, tickingFrom + margin, tickingTo - margin);
    if (cpu !== undefined) m.cpuPercent = cpu;
    const rss = peakRssMb(samples);
    if (rss !== undefined) m.peakRssMb = rss;
  }
  return stats;
}
