// The faults.json format (zod): a seed and a list of timed fault events; validation errors are one line naming the field.
import { z } from 'zod';
import { parseWith } from '../config/json-file.js';
import { UsageError } from '../config/errors.js';
import { MAX_SEED } from '../core/random.js';
import { parseSelector, SELECTOR_HELP, selectorProblem } from './selectors.js';
import { toxicSchema } from './toxics.js';
import { isJsonObject } from '../config/json-object.js';

/** Seconds since the start of the run. */
const seconds = z.number().finite().min(0);
const selector = z.string().refine((text) => parseSelector(text) !== null, { error: (issue) => (typeof issue.input === 'string' ? selectorProblem(issue.input) : SELECTOR_HELP) });
/** One selector or several; the event applies to every link any of them names. */
const links = z.union([selector, z.array(selector).min(1)]);
const machine = z.number().int().min(1);
const toxicName = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'toxic names use letters, digits, "_", "." and "-"');

/** Every event has a time and may carry a label (shown on the report's charts instead of the generated one). */
const common = { at: seconds, label: z.string().min(1).optional() };
/** When the fault is undone: toxic removed, link up, machine restarted. */
const until = seconds.optional();

const event = z
  .discriminatedUnion('action', [
    z.object({ ...common, until, action: z.literal('add'), links, toxic: toxicSchema({ name: toxicName.optional() }) }).strict(),
    z.object({ ...common, action: z.literal('remove'), links, name: toxicName }).strict(),
    z.object({ ...common, until, action: z.literal('down'), links }).strict(),
    z.object({ ...common, action: z.literal('up'), links }).strict(),
    z.object({ ...common, until, action: z.literal('kill'), machine }).strict(),
    z.object({ ...common, action: z.literal('restart'), machine }).strict(),
  ])
  .refine((e) => !('until' in e) || e.until === undefined || e.until > e.at, { message: 'must be later than "at"', path: ['until'] });

export const faultScheduleSchema = z
  .object({
    /** Seeds the toxics' draws (jitter, slice sizes); null: use the run's seed. */
    seed: z.number().int().min(0).max(MAX_SEED).nullable().default(null),
    events: z.array(event),
  })
  .strict();

export type FaultSchedule = z.output<typeof faultScheduleSchema>;
export type FaultEvent = FaultSchedule['events'][number];

/** Validates an already-parsed faults.json; `source` names it in the one-line UsageError. */
export function parseFaultSchedule(raw: unknown, source = 'faults'): FaultSchedule {
  // A config given to -f (beside -c) would be a list of unknown fields: said as what it is.
  if (isJsonObject(raw) && 'machines' in raw && !('events' in raw)) {
    throw new UsageError(`${source} looks like a config (it has "machines"), not a fault schedule: -f takes a file of { "seed": ..., "events": [...] }, -c the config`);
  }
  return parseWith(faultScheduleSchema, raw, source);
}
