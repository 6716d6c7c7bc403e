// The config.json schema (zod): the second notebook's `machines` map plus our run settings beside it. Written with
// zod/mini, whose functions a bundler can leave out when unused: the machine bundle carries 55 KB of zod instead of
// 730 KB, and every machine process parses it at start-up.
import { grouped } from '../text/grouped.js';
import * as z from 'zod/mini';
import { en } from 'zod/v4/locales';
import { MAX_SEED, SEED_RANGE } from '../core/random.js';
import { hostProblem } from './host-name.js';
import { saying } from '../text/value-text.js';

// zod/mini loads no messages of its own; these are the English ones the rest of the project (full zod) uses.
z.config(en());

/** A seed out of range, in the words simulate's and start-all's --seed use. */
const SEED_OR_NULL = saying(`must be ${SEED_RANGE}, or null for a fresh one per run`);

/** A machine id as a config's (and run.json's) keys write one: `"2"`, not `"02"` or `"1e3"`. */
export const MACHINE_ID = /^[1-9][0-9]{0,8}$/;
/** The largest id MACHINE_ID takes. */
export const MAX_MACHINE_ID = 999_999_999;
/** What a config's machine id must be, in the words of its error. */
export const MACHINE_ID_RULE = `machine ids must be whole numbers from 1 to ${MAX_MACHINE_ID} written plainly, such as "1" (not "01")`;
const machineId = z.string().check(z.regex(MACHINE_ID, MACHINE_ID_RULE));
const number = (...checks: z.core.$ZodCheck<number>[]) => z.number().check(...checks);
const int = (...checks: z.core.$ZodCheck<number>[]) => z.int().check(...checks);
const withDefault = <T extends z.core.SomeType>(schema: T, value: z.core.util.NoUndefined<z.core.output<T>>) => z._default(schema, value);

/**
 * The highest rate anything runs (a million ticks per second, far past what a host keeps): far beyond it a tick's
 * interval falls below a time's floating-point resolution, and virtual and real clocks alike stop advancing.
 */
export const MAX_RATE = 1_000_000;
/** Why a rate cannot be higher, for the errors that refuse one. */
export const RATE_LIMIT = `at most ${grouped(MAX_RATE)} ticks per second`;

const machineEntry = z.strictObject({
  host: z.string().check(
    z.minLength(1),
    z.superRefine((host, ctx) => {
      const problem = hostProblem(host);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, input: host });
    }),
  ),
  port: int(z.minimum(1), z.maximum(65535)),
  rate: z.optional(number(z.positive(), z.maximum(MAX_RATE, saying(`rates must be ${RATE_LIMIT}`)))),
});

/** The longest wait a Node timer takes (2^31 - 1 ms, 24.8 days): a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;
/** The longest run a machine can time: MAX_TIMER_MS in whole seconds. */
export const MAX_RUN_SECONDS = Math.floor(MAX_TIMER_MS / 1000);
/** Why a wait cannot be longer, for the errors that refuse one. */
export const LONGEST_TIMER = '24.8 days, the longest timer';
/** The words that refuse a wait in ms past MAX_TIMER_MS. */
export const TIMER_LIMIT = `at most ${MAX_TIMER_MS} ms (${LONGEST_TIMER})`;
const timerMs = z.maximum(MAX_TIMER_MS, saying(TIMER_LIMIT));

/** A [low, high] pair whose values each pass `item` (`z.minimum(0)`, `z.positive()`). */
const range = (item: z.core.$ZodCheck<number>) =>
  z.tuple([number(item), number(item)]).check(z.refine(([lo, hi]) => lo <= hi, saying('the first value must not exceed the second')));

export const configSchema = z.strictObject({
  machines: z.record(machineId, machineEntry).check(
    z.refine((m) => Object.keys(m).length >= 2, 'needs at least 2 machines'),
    z.superRefine((m, ctx) => {
      const clash = sharedAddress(m);
      if (clash) ctx.addIssue({ code: 'custom', message: clash, input: m });
    }),
  ),
  durationSeconds: withDefault(number(z.minimum(0), z.maximum(MAX_RUN_SECONDS, `at most ${MAX_RUN_SECONDS} s (${LONGEST_TIMER}); 0 runs until Ctrl+C`)), 60),
  rateRange: withDefault(
    range(z.positive()).check(
      z.refine(([lo, hi]) => lo > hi || Math.floor(hi) >= Math.ceil(lo), saying('the range must contain a whole number')),
      z.refine(([, hi]) => hi <= MAX_RATE, saying(`rates must be ${RATE_LIMIT}`)),
    ),
    [1, 6],
  ),
  internalProbability: withDefault(number(z.minimum(0), z.maximum(1)), 0.7),
  staggerMs: withDefault(number(z.minimum(0), timerMs), 250),
  delayMs: withDefault(range(z.minimum(0)).check(z.refine(([, hi]) => hi <= MAX_TIMER_MS, saying(TIMER_LIMIT))), [0, 0]),
  seed: withDefault(z.nullable(z.int(SEED_OR_NULL).check(z.minimum(0, SEED_OR_NULL), z.maximum(MAX_SEED, SEED_OR_NULL))), null),
  connectTimeoutMs: withDefault(int(z.minimum(0), timerMs), 15000),
  // start-all kills a machine after twice the grace and 5 s more: that too is a timer.
  shutdownGraceMs: withDefault(int(z.minimum(0), z.maximum(1_000_000_000)), 3000),
  maxQueue: withDefault(int(z.minimum(1)), 1_000_000),
  maxLineLength: withDefault(int(z.minimum(16), z.maximum(65536)), 128),
  idleTimeoutMs: withDefault(int(z.minimum(100), timerMs), 10000),
  // Where start-all's fault proxies listen ([first, last] port), for a host where only some ports may be used; left out
  // or null: anywhere from 10000 up to the kernel's ephemeral range (proxy-ports.ts). No default, so that a config (and
  // run.json's copy of it) without it stays as it was.
  faultPorts: z.optional(
    z.nullable(
      z.tuple([int(z.minimum(1), z.maximum(65535)), int(z.minimum(1), z.maximum(65535))]).check(
        z.refine(([lo, hi]) => lo <= hi, 'the first port must not exceed the second'),
      ),
    ),
  ),
});

/** Names this computer's own listening addresses go by: two machines on one of them and one port would clash. */
const THIS_COMPUTER = new Set(['localhost', '127.0.0.1', '::1', '0.0.0.0', '::']);

/**
 * `two machines share a host and port: 1 and 2 (localhost:5001, 127.0.0.1:5001)` for the first two machines that would
 * listen on the same port of the same host (`localhost` and `127.0.0.1` being one), or null.
 */
function sharedAddress(machines: Record<string, { host: string; port: number }>): string | null {
  const seen = new Map<string, string>();
  for (const [id, { host, port }] of Object.entries(machines)) {
    const name = host.toLowerCase();
    const key = `${THIS_COMPUTER.has(name) ? 'this computer' : name}:${port}`;
    const other = seen.get(key);
    if (other !== undefined) {
      const a = machines[other]!;
      return `two machines share a host and port: ${other} and ${id} (${a.host}:${a.port}, ${host}:${port})`;
    }
    seen.set(key, id);
  }
  return null;
}

export type Config = z.output<typeof configSchema>;
export type MachineEntry = z.output<typeof machineEntry>;

/** The machine ids of a config, as numbers in ascending order. */
export function machineIds(config: Config): number[] {
  return Object.keys(config.machines)
    .map(Number)
    .sort((a, b) => a - b);
}

/** The entry of machine `id`; throws if absent (callers check ids first). */
export function machineEntryOf(config: Config, id: number): MachineEntry {
  const entry = config.machines[String(id)];
  if (!entry) throw new Error(`no machine ${id} in config`);
  return entry;
}
