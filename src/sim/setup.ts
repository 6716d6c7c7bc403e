// Turns simulate's options (config file, --machines, --rates, ...) into a resolved run and a simulator setup.
import { existsSync } from 'node:fs';
import { loadConfig, parseConfig } from '../config/load.js';
import { resolveRun, type ResolvedRun } from '../config/resolve.js';
import type { Config } from '../config/schema.js';
import { UsageError } from '../config/errors.js';
import { LAST_DATE_MS } from '../log/format.js';
import { isIsoTime } from '../analysis/parse-record.js';
import { projectPath } from '../cli/user-path.js';
import type { SimSetup } from './simulation.js';
import { generatedMachines, unusedRatesNote } from '../config/generated-machines.js';
import { loadFaultPlan, type FaultPlan } from '../faults/load-schedule.js';
import { unsupportedFault } from './fault-support.js';

/** The largest number of machines the simulator accepts. */
export const MAX_SIM_MACHINES = 1000;

/** The virtual start of a simulated run unless --start-time is given. */
export const DEFAULT_START_TIME = '2026-01-01T00:00:00.000Z';

/** The longest run the simulator takes from `startTime` (epoch ms): it has no timer, only the dates of its records, which must end by LAST_DATE_MS. */
export function maxSimSeconds(startTime: number): number {
  return Math.floor((LAST_DATE_MS - startTime) / 1000);
}

/** The simulator's setup of a resolved run (without faults): its machines and rates, seed, duration, delays and queue. */
export function simSetupOf(run: ResolvedRun, startTime: number): SimSetup {
  return {
    machines: run.ids.map((id) => ({ id, rate: run.rates.get(id)! })),
    internalProbability: run.config.internalProbability,
    seed: run.seed,
    durationSeconds: run.config.durationSeconds,
    delayMs: run.config.delayMs,
    startTime,
    maxQueue: run.config.maxQueue,
  };
}

/** Link latency when neither --delay nor the config sets a delay: 1 ms, a little slower than a local TCP hop. */
export const DEFAULT_LATENCY_MS: [number, number] = [1, 1];

export interface SimulateOptions {
  /** Config file; when absent, ./config.json if it exists, else a built-in config of 3 machines. */
  config?: string;
  /** A config already loaded, in place of the file, and what to call it (an experiment of the plan). */
  loaded?: { config: Config; source: string };
  /** Generate this many machines (ids 1..N) instead of the config's machines. */
  machines?: number;
  rates?: number[];
  duration?: number;
  seed?: number;
  internalProb?: number;
  delay?: [number, number];
  /** ISO-8601 time of the start records. */
  startTime?: string;
  /** A fault schedule file (faults.json), as start-all --faults takes. */
  faults?: string;
  /** Each machine's tick-schedule offset in ms, in id order (SimSetup.tickOffsetsMs). */
  tickOffsets?: number[];
}

export interface ResolvedSimulation {
  run: ResolvedRun;
  setup: SimSetup;
  /** Where the config came from, for the summary. */
  configSource: string;
  /** The fault schedule loaded and planned (--faults), for run.json. */
  faults?: FaultPlan;
  /** What the user should know about how the options were read (unusedRatesNote), for `simulate: note:` lines. */
  notes?: string[];
}

function baseConfig(options: SimulateOptions): { config: Config; source: string; notes: string[] } {
  // The project's config.json (npm runs scripts from the project root), named absolute when typed elsewhere.
  const path = options.loaded ? undefined : (options.config ?? (existsSync('config.json') ? projectPath('config.json') : undefined));
  let config = options.loaded?.config ?? (path ? loadConfig(path) : parseConfig({ machines: generatedMachines(3) }, 'built-in config'));
  let source = options.loaded?.source ?? path ?? 'built-in config (3 machines)';
  const unusedRates = unusedRatesNote(config, options.machines, options.rates !== undefined);
  if (options.machines !== undefined) {
    if (!Number.isInteger(options.machines) || options.machines < 2 || options.machines > MAX_SIM_MACHINES) {
      throw new UsageError(`--machines must be a whole number from 2 to ${MAX_SIM_MACHINES}, got ${options.machines}`);
    }
    config = parseConfig({ ...config, machines: generatedMachines(options.machines) }, source);
    source = path ? `${path}, with ${options.machines} generated machines` : `${options.machines} generated machines`;
  }
  const count = Object.keys(config.machines).length;
  if (count > MAX_SIM_MACHINES) throw new UsageError(`${source}: ${count} machines, the simulator takes at most ${MAX_SIM_MACHINES}`);
  return { config, source, notes: unusedRates ? [unusedRates] : [] };
}

/** An ISO-8601 date, optionally with a time (T or a space before it) and a zone (Z or +hh:mm). */
const ISO_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses an ISO-8601 start time into epoch milliseconds. A time without a zone is UTC, as the logs are: read as local
 * time (Date.parse's rule), the same options would give other files under another TZ.
 */
export function parseStartTime(text: string): number {
  const m = ISO_TIME.exec(text.trim());
  const iso = m ? `${m[1]}T${m[2] ?? '00:00'}${m[3]?.toUpperCase() ?? 'Z'}` : '';
  // isIsoTime: a day the month does not have (2026-02-30) is refused, where Date.parse would roll it on (2 March).
  const ms = isIsoTime(iso) ? Date.parse(iso) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new UsageError(`--start-time must be an ISO-8601 time such as ${DEFAULT_START_TIME} (UTC unless it gives a zone), got "${text}"`);
  }
  return ms;
}

/** The latency range used: --delay, else the config's delayMs if it is not [0, 0], else 1 ms. */
export function effectiveDelay(config: Config, delay?: [number, number]): [number, number] {
  if (delay) return delay;
  const [lo, hi] = config.delayMs;
  return lo === 0 && hi === 0 ? [...DEFAULT_LATENCY_MS] : [lo, hi];
}

/**
 * Resolves a simulation with the same rules as a real run (resolveRun: --rates, the config's rates, seeded rateRange).
 * Every machine starts at the same virtual instant, so the resolved config records staggerMs 0, and its delayMs is
 * the latency range actually simulated.
 */
export function resolveSimulation(options: SimulateOptions, pickSeed: () => number): ResolvedSimulation {
  const { config, source, notes } = baseConfig(options);
  const startTime = parseStartTime(options.startTime ?? DEFAULT_START_TIME);
  const run = resolveRun(
    config,
    {
      seed: options.seed,
      rates: options.rates,
      internalProbability: options.internalProb,
      durationSeconds: options.duration,
      staggerMs: 0,
      delayMs: effectiveDelay(config, options.delay),
      machineCountGiven: options.machines !== undefined,
    },
    pickSeed,
  );
  if (run.config.durationSeconds <= 0) {
    throw new UsageError('a simulation needs a duration above 0 s (0 means "until Ctrl+C" in a real run): pass --duration');
  }
  const longest = maxSimSeconds(startTime);
  if (run.config.durationSeconds > longest) {
    throw new UsageError(`--duration must be at most ${longest} s from a start at ${new Date(startTime).toISOString()}: a run must end by the year 275760, the last date JavaScript holds`);
  }
  const setup = simSetupOf(run, startTime);
  if (options.tickOffsets !== undefined) {
    const [given, machines] = [options.tickOffsets.length, run.ids.length];
    if (given !== machines) {
      const example = machines <= 6 ? Array.from({ length: machines }, (_, i) => (i === machines - 1 ? 2.7 : 0)).join(',') : `0,0,...,2.7: ${machines} numbers`;
      throw new UsageError(`--tick-offsets gives ${given} ${given === 1 ? 'offset' : 'offsets'} for ${machines} machines: give one per machine, in id order (such as ${example})`);
    }
    // start-all starts its fault clock when every machine ticks; the simulator's runs from the start, so the two
    // would part by up to the largest offset: not offered until they agree.
    if (options.faults !== undefined) throw new UsageError('--tick-offsets cannot go with --faults yet: the fault schedule would run on a clock that starts before the tick schedules');
    setup.tickOffsetsMs = options.tickOffsets;
  }
  if (options.faults === undefined) return { run, setup, configSource: source, notes };
  const faults = loadFaultPlan(options.faults, run.ids, unsupportedFault);
  setup.faults = { steps: faults.steps, seed: faults.schedule.seed ?? run.seed };
  return { run, setup, configSource: source, faults, notes };
}
