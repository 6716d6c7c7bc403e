// The experiment plan (experiments/plan.json): named runs with their rates, seeds and settings, validated with zod.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { MAX_SEED } from '../core/random.js';
import { UsageError } from '../config/errors.js';

const experimentSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'names are lower-case letters, digits, dots and dashes (they name folders)'),
    group: z.string().min(1),
    description: z.string().optional(),
    /** How many machines; default: the number of rates, else 3. */
    machines: z.number().int().min(2).max(1000).optional(),
    /** Ticks per second per machine in id order; absent: seeded whole numbers in rateRange. */
    rates: z.array(z.number().finite().positive()).min(2).optional(),
    seed: z.number().int().min(0).max(MAX_SEED),
    internalProbability: z.number().min(0).max(1).optional(),
    delayMs: z.tuple([z.number().min(0), z.number().min(0)]).refine(([a, b]) => a <= b, 'the first value must not exceed the second').optional(),
    durationSeconds: z.number().positive().optional(),
  })
  .strict()
  .refine((e) => !e.rates || e.machines === undefined || e.rates.length === e.machines, 'rates must list one rate per machine');

export const planSchema = z
  .object({
    description: z.string().optional(),
    durationSeconds: z.number().positive(),
    /** Every experiment's duration with --quick. */
    quickDurationSeconds: z.number().positive(),
    experiments: z.array(experimentSchema).min(1),
  })
  .strict()
  .refine((p) => new Set(p.experiments.map((e) => e.name)).size === p.experiments.length, 'experiment names must be unique');

export type Plan = z.output<typeof planSchema>;
export type Experiment = z.output<typeof experimentSchema>;

/** Validates a parsed plan; errors are one line naming the field. */
export function parsePlan(raw: unknown, source = 'plan'): Plan {
  const result = planSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
  const what = issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
  throw new UsageError(`${source}: ${field}: ${what}`);
}

export function loadPlan(path: string): Plan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read plan ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  return parsePlan(raw, path);
}

/** The number of machines of an experiment. */
export function machineCount(e: Experiment): number {
  return e.machines ?? e.rates?.length ?? 3;
}
