// The experiment plan (experiments/plan.json): named runs with their rates, seeds and settings, validated with zod.
import { z } from 'zod';
import { MAX_SEED } from '../core/random.js';
import { LONGEST_TIMER, MAX_RATE, MAX_RUN_SECONDS, RATE_LIMIT } from '../config/schema.js';
import { parseWith, readJsonFile } from '../config/json-file.js';
import { saying } from '../text/value-text.js';

/** The hypothesis study's name in `--only`: no experiment of a plan may take it. */
export const STUDY_NAME = 'hypothesis';

/** A run's length: above 0 (a plan's runs end) and, as a real run's, within Node's longest timer; simulated runs alike. */
const runSeconds = z.number().positive().max(MAX_RUN_SECONDS, `at most ${MAX_RUN_SECONDS} s (${LONGEST_TIMER}, as long as a real run can be)`);

const experimentSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]*$/, 'names are lower-case letters, digits, dots and dashes, starting with a letter or digit (they name folders)')
      .refine((name) => name !== STUDY_NAME, `${STUDY_NAME} names the hypothesis study (--only ${STUDY_NAME}): give the experiment another name`),
    group: z.string().min(1),
    description: z.string().optional(),
    /** How many machines; default: the number of rates, else 3. */
    machines: z.number().int().min(2).max(1000).optional(),
    /** Ticks per second per machine in id order; absent: seeded whole numbers in rateRange. */
    rates: z.array(z.number().finite().positive().max(MAX_RATE, saying(`rates must be ${RATE_LIMIT}`))).min(2).optional(),
    seed: z.number().int().min(0).max(MAX_SEED),
    internalProbability: z.number().min(0).max(1).optional(),
    delayMs: z.tuple([z.number().min(0), z.number().min(0)]).refine(([a, b]) => a <= b, saying('the first value must not exceed the second')).optional(),
    durationSeconds: runSeconds.optional(),
  })
  .strict()
  .refine((e) => !e.rates || e.machines === undefined || e.rates.length === e.machines, 'rates must list one rate per machine');

export const planSchema = z
  .object({
    description: z.string().optional(),
    durationSeconds: runSeconds,
    /** Every experiment's duration with --quick. */
    quickDurationSeconds: runSeconds,
    experiments: z.array(experimentSchema).min(1),
  })
  .strict()
  .refine((p) => new Set(p.experiments.map((e) => e.name)).size === p.experiments.length, {
    // Named, with both places: `experiments: "pair" names experiments[0] and experiments[3]: ...`.
    error: (issue) => {
      const names = (issue.input as { experiments: { name: string }[] }).experiments.map((e) => e.name);
      const again = names.findIndex((name, i) => names.indexOf(name) !== i);
      return `${JSON.stringify(names[again])} names experiments[${names.indexOf(names[again]!)}] and experiments[${again}]: experiment names must be unique`;
    },
    path: ['experiments'],
  });

export type Plan = z.output<typeof planSchema>;
export type Experiment = z.output<typeof experimentSchema>;

/** Validates a parsed plan; errors are one line naming the field. */
export function parsePlan(raw: unknown, source = 'plan'): Plan {
  return parseWith(planSchema, raw, source);
}

export function loadPlan(path: string): Plan {
  return parsePlan(readJsonFile(path, 'plan'), path);
}

/** The number of machines of an experiment. */
export function machineCount(e: Experiment): number {
  return e.machines ?? e.rates?.length ?? 3;
}
