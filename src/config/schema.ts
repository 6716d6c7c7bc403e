// The config.json schema (zod): the second notebook's `machines` map plus our run settings beside it.
import { z } from 'zod';
import { MAX_SEED } from '../core/random.js';

const machineId = z.string().regex(/^[1-9][0-9]{0,8}$/, 'machine ids must be positive integers such as "1"');
const positive = z.number().finite().positive();

const machineEntry = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    rate: positive.optional(),
  })
  .strict();

const range = (min: number) =>
  z
    .tuple([z.number().finite().min(min), z.number().finite().min(min)])
    .refine(([lo, hi]) => lo <= hi, 'the first value must not exceed the second');

export const configSchema = z
  .object({
    machines: z
      .record(machineId, machineEntry)
      .refine((m) => Object.keys(m).length >= 2, 'needs at least 2 machines')
      .refine((m) => {
        const seen = new Set(Object.values(m).map((e) => `${e.host}:${e.port}`));
        return seen.size === Object.keys(m).length;
      }, 'two machines share a host and port'),
    durationSeconds: z.number().finite().min(0).default(60),
    rateRange: range(0)
      .refine(([lo]) => lo > 0, 'rates must be positive')
      .refine(([lo, hi]) => Math.floor(hi) >= Math.ceil(lo), 'the range must contain a whole number')
      .default([1, 6]),
    internalProbability: z.number().min(0).max(1).default(0.7),
    staggerMs: z.number().finite().min(0).default(250),
    delayMs: range(0).default([0, 0]),
    seed: z.number().int().min(0).max(MAX_SEED).nullable().default(null),
    connectTimeoutMs: z.number().int().min(0).default(15000),
    shutdownGraceMs: z.number().int().min(0).default(3000),
    maxQueue: z.number().int().min(1).default(1_000_000),
    maxLineLength: z.number().int().min(16).max(65536).default(128),
    idleTimeoutMs: z.number().int().min(100).default(10000),
  })
  .strict();

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
