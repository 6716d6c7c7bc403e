// Runs the real `start-all` (dist/scripts/start-all.js) for a benchmark and samples CPU and memory of its machine processes.
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { childProcesses, sampleProcess, type ProcSample } from './proc-stats.js';
import { throwIfStopping, trackChild } from './children.js';

export const START_ALL_SCRIPT = fileURLToPath(new URL('../../scripts/start-all.js', import.meta.url));

export interface StartAllRunOptions {
  config: string;
  /** The run folder (start-all --log-dir). */
  dir: string;
  durationSeconds: number;
  /** One rate per machine, in id order. */
  rates: number[];
  seed: number;
  staggerMs: number;
  internalProbability?: number;
  /** How often to sample the machine processes. */
  sampleEveryMs?: number;
}

export interface StartAllRun {
  dir: string;
  /** Machine id to its /proc samples, oldest first. */
  samples: Map<number, ProcSample[]>;
  /** Wall time (epoch ms) when start-all was spawned and when it exited. */
  spawnedAt: number;
  exitedAt: number;
}

/** The machine id in a machine process's argv (`node --snapshot-blob .../machine[-jitless].blob -- <id> ...`, `node .../machine.mjs <id> ...`, or the unbundled machine.js). */
function machineIdOf(argv: string[]): number | undefined {
  const at = argv.findIndex((a) => /machine(-jitless)?\.(m?js|blob)$/.test(a));
  const id = Number(argv[argv[at + 1] === '--' ? at + 2 : at + 1]);
  return at >= 0 && Number.isInteger(id) ? id : undefined;
}

/**
 * Runs start-all to its end; rejects with the tail of its output when it does not exit 0. A stop of the benchmark
 * reaches it (see children.ts) and it resolves only once start-all, which waits for its machines, has exited.
 */
export async function runStartAll(options: StartAllRunOptions): Promise<StartAllRun> {
  const args = [
    START_ALL_SCRIPT,
    '--config', options.config,
    '--duration', String(options.durationSeconds),
    '--rates', options.rates.join(','),
    '--seed', String(options.seed),
    '--stagger', String(options.staggerMs),
    '--log-dir', options.dir,
    '--quiet',
    // The benchmark reads the logs itself: the tables and report.html would only add seconds of CPU after every run.
    '--no-analysis',
  ];
  if (options.internalProbability !== undefined) args.push('--internal-prob', String(options.internalProbability));
  throwIfStopping();
  const spawnedAt = Date.now();
  const child = trackChild(execa(process.execPath, args, { reject: false, stdin: 'ignore', all: true }));
  const samples = new Map<number, ProcSample[]>();
  const pids = new Map<number, number>();
  const expected = options.rates.length;
  const sample = () => {
    if (child.pid === undefined) return;
    if (pids.size < expected) {
      for (const { pid, argv } of childProcesses(child.pid)) {
        const id = machineIdOf(argv);
        if (id !== undefined && !pids.has(id)) pids.set(id, pid);
      }
    }
    const at = Date.now();
    for (const [id, pid] of pids) {
      const s = sampleProcess(pid, at);
      if (!s) continue;
      const list = samples.get(id) ?? [];
      list.push(s);
      samples.set(id, list);
    }
  };
  const timer = setInterval(sample, options.sampleEveryMs ?? 200);
  const result = await child;
  clearInterval(timer);
  const exitedAt = Date.now();
  if (result.exitCode !== 0) {
    const tail = String(result.all ?? '').trim().split('\n').slice(-4).join(' / ');
    throw new Error(`start-all exited with code ${result.exitCode}: ${tail}`);
  }
  return { dir: options.dir, samples, spawnedAt, exitedAt };
}

/**
 * CPU use of one process over [from, to] (epoch ms) in percent of one core, from the samples nearest inside the
 * window; undefined when the window holds fewer than two samples.
 */
export function cpuPercent(samples: readonly ProcSample[], from: number, to: number): number | undefined {
  const inside = samples.filter((s) => s.at >= from && s.at <= to);
  const first = inside[0];
  const last = inside.at(-1);
  if (!first || !last || last.at - first.at < 200) return undefined;
  return ((last.cpuMs - first.cpuMs) / (last.at - first.at)) * 100;
}

/** The highest resident memory seen for one process, in MB (its kernel-reported peak). */
export function peakRssMb(samples: readonly ProcSample[]): number | undefined {
  if (samples.length === 0) return undefined;
  return Math.max(...samples.map((s) => Math.max(s.rssMb, s.peakRssMb)));
}
