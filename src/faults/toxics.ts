// The toxics a fault proxy can apply, named and parameterised like Toxiproxy's: zod schemas, types and labels.
import { z } from 'zod';
import { fieldPath, issueText, OUR_WORDING } from '../text/zod-issue-text.js';
import { LONGEST_TIMER, MAX_TIMER_MS, TIMER_LIMIT } from '../config/schema.js';

/** A wait in ms, at most Node's longest timer: a longer one fires after 1 ms, the opposite of the fault asked for. */
const ms = z.number().finite().min(0).max(MAX_TIMER_MS, TIMER_LIMIT);

/** Attributes of each toxic type, with Toxiproxy's names (camelCase) and our units. */
export const toxicAttributes = {
  /** Each chunk is delivered `latency` ms (uniformly +/- `jitter` ms) after it arrived, never before the previous one. */
  latency: z
    .object({ latency: ms, jitter: ms.default(0) })
    .strict()
    .refine((a) => a.latency + a.jitter <= MAX_TIMER_MS || Math.max(a.latency, a.jitter) > MAX_TIMER_MS, { message: `latency + jitter must be ${TIMER_LIMIT}`, path: ['jitter'] }),
  /** At most `rate` KB/s (1 KB = 1000 bytes, as in Toxiproxy). */
  bandwidth: z.object({ rate: z.number().finite().positive() }).strict(),
  /** Pieces of `averageSize` +/- `sizeVariation` bytes, `delay` MICROseconds apart (Toxiproxy's unit; timers have ~1 ms resolution). */
  slicer: z
    .object({
      averageSize: z.number().int().min(1),
      sizeVariation: z.number().int().min(0).default(0),
      delay: z.number().finite().min(0).max(MAX_TIMER_MS * 1000, `at most ${MAX_TIMER_MS * 1000} µs (${LONGEST_TIMER})`).default(0),
    })
    .strict()
    .refine((a) => a.sizeVariation < a.averageSize, { message: 'sizeVariation must be less than averageSize', path: ['sizeVariation'] }),
  /** Holds all data; closes the connection after `timeout` ms (0: holds until the toxic is removed, then delivers). */
  timeout: z.object({ timeout: ms.default(0) }).strict(),
  /** Holds all data and resets the connection (TCP RST, both sides) after `timeout` ms. */
  reset_peer: z.object({ timeout: ms.default(0) }).strict(),
} as const;

export type ToxicType = keyof typeof toxicAttributes;

/** The zod object for one toxic type: `{ type, attributes }` plus any extra fields. */
function variant<T extends ToxicType, A extends z.ZodObject, E extends z.ZodRawShape>(type: T, attributes: A, extra: E) {
  return z.object({ type: z.literal(type), attributes: attributes.prefault({} as z.input<A>), ...extra }).strict();
}

/** Builds the union of all toxic types, each with the extra fields given (the schedule adds `name`). */
export function toxicSchema<E extends z.ZodRawShape>(extra: E) {
  return z.discriminatedUnion('type', [
    variant('latency', toxicAttributes.latency, extra),
    variant('bandwidth', toxicAttributes.bandwidth, extra),
    variant('slicer', toxicAttributes.slicer, extra),
    variant('timeout', toxicAttributes.timeout, extra),
    variant('reset_peer', toxicAttributes.reset_peer, extra),
  ]);
}

export const toxicSpecSchema = toxicSchema({});

/** A toxic with its defaults filled in, e.g. `{ type: 'latency', attributes: { latency: 200, jitter: 0 } }`. */
export type ToxicSpec = z.output<typeof toxicSpecSchema>;
/** What a caller may write (defaults optional). */
export type ToxicInput = z.input<typeof toxicSpecSchema>;

/** Validates a toxic; throws an Error with one line naming the bad field. */
export function parseToxic(input: unknown): ToxicSpec {
  const result = toxicSpecSchema.safeParse(input, OUR_WORDING);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new Error(`invalid toxic: ${(issue && fieldPath(issue.path)) || 'toxic'}: ${issue ? issueText(issue) : 'invalid'}`);
}

/** A short human label, e.g. `latency 200±50 ms`, `bandwidth 10 KB/s`, `slicer 8±4 B / 1000 µs`. */
export function describeToxic(spec: ToxicSpec): string {
  switch (spec.type) {
    case 'latency':
      return `latency ${spec.attributes.latency}${spec.attributes.jitter ? `±${spec.attributes.jitter}` : ''} ms`;
    case 'bandwidth':
      return `bandwidth ${spec.attributes.rate} KB/s`;
    case 'slicer': {
      const { averageSize, sizeVariation, delay } = spec.attributes;
      return `slicer ${averageSize}${sizeVariation ? `±${sizeVariation}` : ''} B / ${delay} µs`;
    }
    case 'timeout':
      return spec.attributes.timeout ? `timeout after ${spec.attributes.timeout} ms` : 'timeout (hold data)';
    case 'reset_peer':
      return `reset_peer after ${spec.attributes.timeout} ms`;
  }
}
