// Downsampled time series of a run for charts: each machine's clock, queue and drift in fixed-width time buckets.
//
// Buckets start at the run's first record and have one width for the whole run; when the run outgrows
// MAX_BUCKETS the width doubles and neighbouring buckets merge, so memory and chart size stay bounded however long
// the run is. Per bucket and machine: the clock at the end of the bucket (the step function's value), the largest
// queue logged in the bucket, and the drift at the end of the bucket (leading running clock minus this clock),
// i.e. drift sampled once per bucket width. Exact drift figures are in metrics (drift.ts).
// A machine that crashed and restarted (faults issue) is dead from its last record before the restart to the new
// start record: buckets wholly inside that gap have no value (one null point breaks the chart's line there), and a
// dead machine does not count for the leading clock.
import type { CoreRecord } from '../core/records.js';

export const MAX_BUCKETS = 500;

export interface SeriesPoint {
  /** Seconds since the run's first record, at the end of the bucket. */
  t: number;
  machine: number;
  /** null where the machine was dead (between a crash and its restart). */
  clock: number | null;
  queue: number | null;
  drift: number | null;
}

export interface RunSeries {
  bucketMs: number;
  points: SeriesPoint[];
}

class MachineSeries {
  readonly clock = new Float64Array(MAX_BUCKETS).fill(NaN);
  readonly queueMax = new Float64Array(MAX_BUCKETS).fill(NaN);
  readonly queueLast = new Float64Array(MAX_BUCKETS).fill(NaN);
  first = -1;
  last = -1;
  /** Time of its latest record, and the spans (ms) between a crash and the restart. */
  lastTime = -Infinity;
  readonly dead: Array<[number, number]> = [];
  constructor(readonly machine: number) {}

  /** Merges bucket pairs (2i, 2i+1) into i after the width doubled. */
  halve(): void {
    for (let i = 0; i < MAX_BUCKETS / 2; i++) {
      const a = 2 * i;
      const b = a + 1;
      this.clock[i] = Number.isNaN(this.clock[b]!) ? this.clock[a]! : this.clock[b]!;
      this.queueLast[i] = Number.isNaN(this.queueLast[b]!) ? this.queueLast[a]! : this.queueLast[b]!;
      const qa = this.queueMax[a]!;
      const qb = this.queueMax[b]!;
      this.queueMax[i] = Number.isNaN(qa) ? qb : Number.isNaN(qb) ? qa : Math.max(qa, qb);
    }
    this.clock.fill(NaN, MAX_BUCKETS / 2);
    this.queueMax.fill(NaN, MAX_BUCKETS / 2);
    this.queueLast.fill(NaN, MAX_BUCKETS / 2);
    if (this.first >= 0) this.first >>= 1;
    if (this.last >= 0) this.last >>= 1;
  }
}

export class RunSeriesCollector {
  private readonly machines = new Map<number, MachineSeries>();
  private origin: number | null = null;
  private width = 1;

  add(record: CoreRecord): void {
    this.origin ??= record.time;
    let bucket = Math.max(0, Math.floor((record.time - this.origin) / this.width));
    while (bucket >= MAX_BUCKETS) {
      this.width *= 2;
      for (const m of this.machines.values()) m.halve();
      bucket = Math.floor((record.time - this.origin) / this.width);
    }
    let m = this.machines.get(record.machine);
    if (!m) this.machines.set(record.machine, (m = new MachineSeries(record.machine)));
    if (m.first < 0) m.first = bucket;
    else if (record.event === 'start' && record.time > m.lastTime) m.dead.push([m.lastTime, record.time]);
    m.lastTime = record.time;
    if (record.event === 'start') m.clock[bucket] = 0;
    if (bucket > m.last) m.last = bucket;
    if ('queue' in record) {
      const q = record.queue;
      const max = m.queueMax[bucket]!;
      m.queueMax[bucket] = Number.isNaN(max) ? q : Math.max(max, q);
      m.queueLast[bucket] = q;
    }
    if (record.event !== 'start' && 'clock' in record) m.clock[bucket] = record.clock;
  }

  result(): RunSeries {
    const machines = [...this.machines.values()].sort((a, b) => a.machine - b.machine);
    const buckets = machines.reduce((n, m) => Math.max(n, m.last + 1), 0);
    // Forward-fill each machine's step functions over its lifetime (NaN outside it).
    const origin = this.origin ?? 0;
    const filled = machines.map((m) => {
      const clock = new Float64Array(buckets).fill(NaN);
      const queue = new Float64Array(buckets).fill(NaN);
      const dead = new Uint8Array(buckets);
      for (const [from, to] of m.dead) {
        // Buckets [origin + i * width, origin + (i + 1) * width) wholly after `from` and before `to`.
        const first = Math.floor((from - origin) / this.width) + 1;
        const end = Math.floor((to - origin) / this.width);
        for (let i = Math.max(first, 0); i < Math.min(end, buckets); i++) dead[i] = 1;
      }
      let c = 0;
      let q = 0;
      for (let i = m.first; i <= m.last; i++) {
        if (!Number.isNaN(m.clock[i]!)) c = m.clock[i]!;
        if (!Number.isNaN(m.queueLast[i]!)) q = m.queueLast[i]!;
        if (dead[i]) continue;
        clock[i] = c;
        queue[i] = Number.isNaN(m.queueMax[i]!) ? q : m.queueMax[i]!;
      }
      return { machine: m.machine, clock, queue, dead };
    });
    const points: SeriesPoint[] = [];
    for (let i = 0; i < buckets; i++) {
      let leader = -Infinity;
      for (const f of filled) if (f.clock[i]! > leader) leader = f.clock[i]!;
      const t = ((i + 1) * this.width) / 1000;
      for (const f of filled) {
        const clock = f.clock[i]!;
        if (!Number.isNaN(clock)) points.push({ t, machine: f.machine, clock, queue: f.queue[i]!, drift: leader - clock });
        else if (f.dead[i] && !f.dead[i - 1]) points.push({ t, machine: f.machine, clock: null, queue: null, drift: null });
      }
    }
    return { bucketMs: this.width, points };
  }
}
