// The sweep spec (zod): a grid of run settings and the seeds to run at each point, checked before any run starts.
import { z } from 'zod';
import { parseWith, readJsonFile } from '../config/json-file.js';
import { MAX_SEED, SEED_RANGE } from '../core/random.js';
import { MAX_RATE, RATE_LIMIT } from '../config/schema.js';
import { saying, valueText } from '../text/value-text.js';
import { DEFAULT_START_TIME, MAX_SIM_MACHINES, maxSimSeconds } from '../sim/setup.js';

/** A seed out of range, in the words simulate's --seed uses. */
const SEED_MESSAGE = `must be ${SEED_RANGE}`;

/** The widest tick phase spread a sweep takes: a second, the period of a machine at 1 tick/s. */
export const MAX_TICK_PHASE_MS = 1000;

/** The most runs a spec may ask for. */
export const MAX_SWEEP_RUNS = 10_000_000;

const rate = z.number({ error: 'rates must be numbers' }).finite().positive(saying('rates must be greater than 0')).max(MAX_RATE, saying(`rates must be ${RATE_LIMIT}`));
const machineCount = z.number().int('machine counts must be whole numbers').min(2, 'needs at least 2 machines').max(MAX_SIM_MACHINES, `at most ${MAX_SIM_MACHINES} machines`);
const probability = z.number().min(0, 'probabilities must be between 0 and 1').max(1, 'probabilities must be between 0 and 1');
/** The simulator's limit, not a real run's (a Node timer's 24.8 days): every sweep run starts at DEFAULT_START_TIME. */
export const MAX_SWEEP_SECONDS = maxSimSeconds(Date.parse(DEFAULT_START_TIME));
const duration = z
  .number()
  .finite()
  .positive('durations must be greater than 0 seconds')
  .max(MAX_SWEEP_SECONDS, `durations must be at most ${MAX_SWEEP_SECONDS} s: a run must end by the year 275760, the last date JavaScript holds`);

/** [min, max] with min <= max, each value an `item`; `what` names the field in messages, `example` is one such pair (`[5, 10]`). */
const range = (what: string, item: z.ZodNumber, example: string) =>
  z
    .tuple([item, item], {
      error: `each ${what} must be a [min, max] pair, in a list of them: [${example}] for one range`,
    })
    .refine(([lo, hi]) => lo <= hi, saying(`in each ${what}, min must not exceed max`));

/** The first value given twice in `list` (compared as JSON, so pairs and vectors too), or undefined. */
function repeated(list: readonly unknown[]): unknown {
  const seen = new Set<string>();
  for (const v of list) {
    const key = JSON.stringify(v);
    if (seen.has(key)) return v;
    seen.add(key);
  }
  return undefined;
}

/** Each value of a grid list is a point of its own: one given twice would run, and be pooled, twice. */
const noRepeats = (what: string) =>
  [
    (l: readonly unknown[]) => repeated(l) === undefined,
    { error: (issue: { input: unknown }) => `${what} lists ${JSON.stringify(repeated(issue.input as unknown[]))} twice: each value is a grid point, so its runs would count twice` },
  ] as const;

/** A non-empty list of values, none twice; a single value stands for a list of one. */
const values = <T extends z.ZodType>(item: T, what: string) =>
  z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(item).min(1, `${what} needs at least one value`).refine(...noRepeats(what)));

/** A non-empty list of pairs or vectors (a bare pair is ambiguous, so a list is required). */
const anyList = <T extends z.ZodType>(item: T, what: string) => z.array(item, { error: `${what} must be a list` }).min(1, `${what} needs at least one value`);

/** A list of grid values (anyList), none twice. */
const list = <T extends z.ZodType>(item: T, what: string) => anyList(item, what).refine(...noRepeats(what));

const rateRangeItem = range('rateRange', z.number().finite().positive(saying('rates must be greater than 0')), '[1, 6]')
  .refine(([lo, hi]) => lo > hi || Math.floor(hi) >= Math.ceil(lo), saying('a rateRange must contain a whole number'))
  .refine(([, hi]) => hi <= MAX_RATE, saying(`rates must be ${RATE_LIMIT}`));

const gridSchema = z
  .object({
    /** Machine counts (ids 1..n). Not with rates or ratesPerMachine, whose length sets the count. */
    machines: values(machineCount, 'machines').optional(),
    /** Rate vectors, one rate per machine in id order, such as [[1, 3, 6], [2, 4, 6]]. */
    rates: list(z.array(rate, { error: 'each rate vector must be a list such as [1, 3, 6]' }).min(2, 'a rate vector needs at least 2 machines').max(MAX_SIM_MACHINES, `at most ${MAX_SIM_MACHINES} machines`), 'rates').optional(),
    /** Candidate rates per machine, every combination is a point: [[1, 2], [6], [3, 6]] is 4 vectors (machines may share a list). */
    ratesPerMachine: anyList(list(rate, 'each machine\'s rates'), 'ratesPerMachine')
      .refine((l) => l.length >= 2, 'ratesPerMachine needs at least 2 machines')
      .refine((l) => l.length <= MAX_SIM_MACHINES, `at most ${MAX_SIM_MACHINES} machines`)
      .optional(),
    /** Ranges for seeded rates (as a real run without rates): each run draws its machines' rates from its seed. */
    rateRange: list(rateRangeItem, 'rateRange').optional(),
    internalProbability: values(probability, 'internalProbability').optional(),
    /** Link latency ranges in ms. */
    delayMs: list(range('delayMs', z.number().finite().min(0, saying('delayMs values must be 0 or more')), '[5, 10]'), 'delayMs').optional(),
    durationSeconds: values(duration, 'durationSeconds').optional(),
    /**
     * Tick phase spreads in ms: each run starts each machine's tick schedule a time drawn from its seed, uniform in
     * [0, spread), after the start (as a real run's machines start a few ms apart); 0 starts them together.
     */
    tickPhaseMs: values(z.number().finite().min(0, saying('tickPhaseMs values must be 0 or more')).max(MAX_TICK_PHASE_MS, saying(`tickPhaseMs values must be at most ${MAX_TICK_PHASE_MS} (ms)`)), 'tickPhaseMs').optional(),
    /** Fault schedule files (relative to the spec's folder), null for a run without faults: [null, "faults-sim.json"]. */
    faults: values(z.string({ error: 'faults lists fault schedule files (paths) or null for none' }).min(1, 'a fault schedule path must not be empty').nullable(), 'faults').optional(),
  })
  .strict()
  .refine((g) => !(g.rates && g.ratesPerMachine), { message: 'give either rates or ratesPerMachine, not both', path: ['rates'] })
  .refine((g) => !(g.machines && (g.rates || g.ratesPerMachine)), {
    message: 'leave machines out when rates or ratesPerMachine are given (their length sets the machine count)',
    path: ['machines'],
  })
  .refine((g) => !(g.rateRange && (g.rates || g.ratesPerMachine)), {
    message: 'rateRange is only used when neither rates nor ratesPerMachine is given',
    path: ['rateRange'],
  })
  // As simulate refuses --tick-offsets with --faults: the fault clock would start before the tick schedules.
  .refine((g) => !(g.tickPhaseMs?.some((phase) => phase > 0) && g.faults?.some((file) => file !== null)), {
    message: 'tickPhaseMs above 0 does not go with fault schedules yet: sweep the phases and the faults in two sweeps',
    path: ['tickPhaseMs'],
  });

export const sweepSpecSchema = z
  .object({
    /** Names the sweep in the report and the default output folder. */
    name: z.string().min(1).max(100).optional(),
    /** Runs per grid point, with seeds firstSeed, firstSeed + 1, ... (the same seeds at every point). */
    seeds: z
      .number({ error: (issue) => (issue.input === undefined ? 'required: how many seeds to run at each grid point' : `should be a number, is ${valueText(issue.input)}`) })
      // Not zod's int(), which calls 1e300 not whole: a count that large is said as too many, below.
      .refine(Number.isInteger, 'must be a whole number')
      .refine((n) => n >= 1, 'must be at least 1'),
    firstSeed: z.number(SEED_MESSAGE).int(SEED_MESSAGE).min(0, SEED_MESSAGE).max(MAX_SEED, SEED_MESSAGE).default(1),
    /** Every field has a default: a spec without a grid runs the defaults at each seed. */
    grid: gridSchema.default({}),
    maxQueue: z.number().int().min(1).default(1_000_000),
    /** Also write every run's folder (machine logs and run.json) under <out>/runs/. */
    logs: z.boolean().default(false),
  })
  .strict()
  // A firstSeed out of range has its own message; past it, the last seed (firstSeed + seeds - 1) must be in range too.
  .refine((s) => !(s.firstSeed <= MAX_SEED) || s.firstSeed + s.seeds - 1 <= MAX_SEED, {
    error: (issue) => {
      const { firstSeed, seeds } = issue.input as { firstSeed: number; seeds: number };
      return `the last seed, firstSeed + seeds - 1 = ${firstSeed + seeds - 1}, is past ${MAX_SEED}: seeds run from 0 to ${MAX_SEED}`;
    },
    path: ['seeds'],
  });

export type SweepSpec = z.output<typeof sweepSpecSchema>;

/** Validates a parsed spec; one line naming the field on failure. */
export function parseSweepSpec(raw: unknown, source = 'spec'): SweepSpec {
  return parseWith(sweepSpecSchema, raw, source);
}

/** Reads and validates a spec file. */
export function loadSweepSpec(path: string): SweepSpec {
  return parseSweepSpec(readJsonFile(path, 'spec'), path);
}
