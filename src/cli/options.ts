// Option parsers for commander: each validates its value and throws InvalidArgumentError with a plain reason.
import { InvalidArgumentError } from 'commander';
import { homedir } from 'node:os';
import { shellWord } from '../text/shell-word.js';
import { userPath } from './user-path.js';
import { MAX_SEED, SEED_RANGE } from '../core/random.js';
import { LONGEST_TIMER, MACHINE_ID, MAX_MACHINE_ID, MAX_RATE, MAX_RUN_SECONDS, MAX_TIMER_MS, RATE_LIMIT } from '../config/schema.js';
import { MAX_REAL_MACHINES } from '../config/generated-machines.js';
import { RUN_TOKEN } from '../net/frames.js';

/** A number as people write one (`5`, `-1`, `0.5`, `.5`, `1e3`): not hexadecimal, binary or octal, which Number() also reads. */
const DECIMAL = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?\s*$/i;

/** Whether `value` is a number written as people write one (see DECIMAL). */
export const isDecimal = (value: string): boolean => DECIMAL.test(value);

function number(value: string): number {
  const n = Number(value);
  if (!DECIMAL.test(value)) throw new InvalidArgumentError('Not a number.');
  // 1e400 is a number as written, but past what a double holds (Infinity).
  if (!Number.isFinite(n)) throw new InvalidArgumentError('Too large a number.');
  return n;
}

export function parsePositive(value: string): number {
  const n = number(value);
  if (n <= 0) throw new InvalidArgumentError('Must be greater than 0.');
  return n;
}

export function parseNonNegative(value: string): number {
  const n = number(value);
  if (n < 0) throw new InvalidArgumentError('Must be 0 or more.');
  return n;
}

/** A machine's ticks per second: above 0 and at most MAX_RATE. */
export function parseRate(value: string): number {
  const n = parsePositive(value);
  if (n > MAX_RATE) throw new InvalidArgumentError(`Must be ${RATE_LIMIT}.`);
  return n;
}

/** Seconds a machine ticks (0: until Ctrl+C), up to the longest timer Node has: a longer one would end the run at once. */
export function parseRunSeconds(value: string): number {
  const n = parseNonNegative(value);
  if (n > MAX_RUN_SECONDS) throw new InvalidArgumentError(`Must be at most ${MAX_RUN_SECONDS} (${LONGEST_TIMER}); 0 runs until Ctrl+C.`);
  return n;
}

/** Milliseconds of a real wait (a stagger), up to the longest timer Node has. */
export function parseWaitMs(value: string): number {
  const n = parseNonNegative(value);
  if (n > MAX_TIMER_MS) throw new InvalidArgumentError(`Must be at most ${MAX_TIMER_MS} (${LONGEST_TIMER}).`);
  return n;
}

/** A network delay range of real links (min-max ms), up to the longest timer Node has. */
export function parseDelayRange(value: string): [number, number] {
  const range = parseRange(value);
  if (range[1] > MAX_TIMER_MS) throw new InvalidArgumentError(`Must be at most ${MAX_TIMER_MS} ms (${LONGEST_TIMER}).`);
  return range;
}

export function parseProbability(value: string): number {
  const n = number(value);
  if (n < 0 || n > 1) throw new InvalidArgumentError('Must be between 0 and 1.');
  return n;
}

export function parseSeed(value: string): number {
  const n = number(value);
  if (!Number.isInteger(n) || n < 0 || n > MAX_SEED) throw new InvalidArgumentError(`Must be ${SEED_RANGE}.`);
  return n;
}

/** A run token (`lab3-alice`): letters, digits, `_`, `.` and `-`, 1 to 32 of them (the hello carries it: frames.ts). */
export function parseRunToken(value: string): string {
  if (!RUN_TOKEN.test(value)) throw new InvalidArgumentError('Must be 1 to 32 letters, digits, "_", "." or "-".');
  return value;
}

export function parseId(value: string): number {
  const n = number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('Must be a positive whole number.');
  return n;
}

/**
 * A machine's id on its command line, as the config writes ids (MACHINE_ID): `2`, not `02`, `+2`, `2.0` or `2e0`, which
 * Number() also reads as 2 (a machine started as `02` would log as machine 2 while its user looks for another).
 */
export function parseMachineId(value: string): number {
  const n = parseId(value);
  if (n > MAX_MACHINE_ID) throw new InvalidArgumentError(`Must be at most ${MAX_MACHINE_ID}, as config ids are.`);
  if (!MACHINE_ID.test(value)) throw new InvalidArgumentError(`Must be written as the config writes ids: ${n}.`);
  return n;
}

/** --machines for real runs: a whole number from 2 (a machine alone sends nothing) to MAX_REAL_MACHINES. */
export function parseMachineCount(value: string): number {
  const n = number(value);
  if (!Number.isInteger(n) || n < 2 || n > MAX_REAL_MACHINES) throw new InvalidArgumentError(`Must be a whole number from 2 to ${MAX_REAL_MACHINES}.`);
  return n;
}

export function parseCount(value: string): number {
  return parseId(value);
}

/** `1,3,6` or `3.48`: a comma-separated list of finite decimal numbers, or undefined when any part is not one. */
function numberList(value: string): number[] | undefined {
  const parts = value.split(',');
  const numbers = parts.map((p) => Number(p));
  return parts.some((p) => !DECIMAL.test(p)) || numbers.some((n) => !Number.isFinite(n)) ? undefined : numbers;
}

/** `1,3,6` or `3.48,3.78`: positive rates, one per machine. */
export function parseRates(value: string): number[] {
  const rates = numberList(value);
  if (!rates || rates.some((r) => r <= 0)) {
    throw new InvalidArgumentError('Must be a comma-separated list of positive numbers, such as 1,3,6.');
  }
  if (rates.some((r) => r > MAX_RATE)) throw new InvalidArgumentError(`Each rate must be ${RATE_LIMIT}.`);
  return rates;
}

/** The largest tick offset simulate takes, ms: a schedule's start later than a second is no phase of a tick. */
export const MAX_TICK_OFFSET_MS = 1000;

/** `0,0,2.7`: each machine's tick-schedule offset in ms, from 0 to MAX_TICK_OFFSET_MS, one per machine. */
export function parseTickOffsets(value: string): number[] {
  const offsets = numberList(value);
  if (!offsets || offsets.some((o) => o < 0 || o > MAX_TICK_OFFSET_MS)) {
    throw new InvalidArgumentError(`Must be a comma-separated list of milliseconds from 0 to ${MAX_TICK_OFFSET_MS}, one per machine, such as 0,0,2.7.`);
  }
  return offsets;
}

/** `100-500` or `5`: a delay range in milliseconds. */
export function parseRange(value: string): [number, number] {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?)\s*)?$/.exec(value);
  if (!m) throw new InvalidArgumentError('Must be min-max in milliseconds, such as 100-500.');
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  if (lo > hi) throw new InvalidArgumentError('The minimum must not exceed the maximum.');
  return [lo, hi];
}

/** `2=127.0.0.1:6001`, repeatable: dial peer 2 at that address instead of the config's (start-all routes links through proxies). */
export function collectDial(value: string, previous: Map<number, { host: string; port: number }> = new Map()) {
  const m = /^([1-9][0-9]*)=(.+):([0-9]{1,5})$/.exec(value);
  const port = Number(m?.[3]);
  if (!m || port < 1 || port > 65535) throw new InvalidArgumentError('Must be <id>=<host>:<port>, such as 2=127.0.0.1:6001.');
  return new Map(previous).set(Number(m[1]), { host: m[2]!, port });
}

/** Names for a variadic option, given apart (`a b`), with commas (`a,b`) or both; each value adds to the ones before. */
export function collectNames(value: string, previous: string[] = []): string[] {
  const names = value.split(',').map((n) => n.trim()).filter(Boolean);
  if (!names.length) throw new InvalidArgumentError('Must name at least one, such as random-1 or random-1,pair-1-2.');
  return [...previous, ...names];
}

/**
 * A file or folder: anything but empty (an empty one made errors such as "cannot read config : no such file"), relative
 * to where the user typed it (user-path.ts).
 */
export function parsePath(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('Must not be empty.');
  // `--report --json` would take --json as the file name: an option is what was meant (a file so named: ./-x).
  if (value.startsWith('-')) throw new InvalidArgumentError(`It looks like an option, not a path (a file whose name starts with - is written ./${value}).`);
  // `-l "~/run"` or `--log-dir=~/run`: the shell left ~ as it was, and a folder named ~ would be made in the project.
  const tilde = /^~([\w.-]*)(?:\/|$)/.exec(value);
  if (tilde) {
    const user = tilde[1]!;
    const meant = user === '' ? `write ${shellWord(homedir() + value.slice(1))}` : `write the path with ${user}'s home folder in full`;
    throw new InvalidArgumentError(`The shell did not expand ~${user} (it was quoted, or came after =): ${meant}, or ./${value} for a folder named ~${user}.`);
  }
  return userPath(value);
}
