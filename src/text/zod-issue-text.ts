// A zod issue in our words (`should be a number, is the string "x"`), for every file and record zod validates.
import type * as core from 'zod/v4/core';
import { valueText } from './value-text.js';

/** What zod's own message is replaced by until issueText words it: set only where the schema gave no message of ours. */
const ZOD_WORDING = '\u0000zod wording';

/**
 * Parse options under which issueText words what zod would have: each issue keeps its input, and the messages zod
 * would write itself (those the schema did not give) are marked. zod consults this map only after the schema's own
 * messages, so ours stay as written.
 */
export const OUR_WORDING: core.ParseContext<core.$ZodIssue> = { reportInput: true, error: () => ZOD_WORDING };

/** `grid.durationSeconds[0]`, `machines.1.rate`: list positions (numbers to zod) in brackets, object keys after dots. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

/** The kinds zod expects, as a person would ask for them. */
const KINDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  object: 'an object',
  record: 'an object',
  null: 'null',
};

/** Formats zod names (`email`, `url`, ...), as the thing a string should be. */
const FORMATS: Record<string, string> = {
  email: 'an email address',
  url: 'a URL',
  uuid: 'a UUID',
  datetime: 'an ISO date and time',
  date: 'an ISO date',
  time: 'an ISO time',
  duration: 'an ISO duration',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
};

/** Units of the sizes zod checks, by the kind of value measured. */
const UNITS: Record<string, string> = { string: 'character', array: 'item', set: 'item', map: 'entry', file: 'byte' };

const kind = (expected: string): string => KINDS[expected] ?? expected;
const count = (n: number | bigint, unit: string): string => `${n} ${Number(n) === 1 ? unit : unit === 'entry' ? 'entries' : `${unit}s`}`;
/** `'add'`, `5`, `null`: a value a field may take. */
const choice = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : String(value));

/** `, is the string "x"` (or `, has 3` for a list): what was given, when zod kept it. */
function given(issue: core.$ZodIssue, sized = false): string {
  if (issue.input === undefined) return '';
  const input = issue.input as unknown;
  if (sized && input !== null && typeof input === 'object') {
    const size = input instanceof Map || input instanceof Set ? input.size : Array.isArray(input) ? input.length : null;
    if (size !== null) return `, has ${size}`;
  }
  return `, is ${valueText(input)}`;
}

/** `at least 1`, `greater than 0`, `exactly 2` (the number or size limit of a too_small / too_big issue). */
function limit(issue: core.$ZodIssueTooSmall | core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const bound = small ? issue.minimum : issue.maximum;
  const unit = UNITS[issue.origin];
  const inclusive = issue.inclusive !== false;
  if (small && issue.origin === 'string' && Number(bound) === 1 && inclusive && !issue.exact) return 'should not be empty';
  const how = issue.exact ? 'exactly ' : small ? (inclusive ? 'at least ' : unit ? 'more than ' : 'greater than ') : inclusive ? 'at most ' : unit ? 'fewer than ' : 'less than ';
  return unit ? `should have ${how}${count(bound, unit)}` : `should be ${how}${bound}`;
}

/** A union nothing matched: the kinds its alternatives take (`should be a string or a list`), else that it matched none. */
function union(issue: core.$ZodIssueInvalidUnion): string {
  if (issue.inclusive === false) return `matches more than one of the forms allowed here${given(issue)}`;
  if (issue.options?.length) {
    // A discriminated union (a fault event's "action") reports the object holding the field as its input.
    const key = (issue as { discriminator?: string }).discriminator;
    const input = issue.input as unknown;
    const value = key !== undefined && input !== null && typeof input === 'object' ? (input as Record<string, unknown>)[key] : undefined;
    const options = issue.options.map(choice).join(', ');
    if (key !== undefined) return value === undefined ? `missing (one of ${options})` : `not one of ${options}, is ${valueText(value)}`;
    return `not one of ${options}`;
  }
  const firsts = issue.errors.map((errors) => errors[0]);
  const types = firsts.map((first) => (first?.code === 'invalid_type' ? first.expected : null));
  if (issue.input === undefined && types.length > 0 && types.every((t) => t !== null)) return `missing (expected ${[...new Set(types.map((t) => kind(t!)))].join(' or ')})`;
  const kinds = firsts.map((first) => (first?.code === 'invalid_type' ? kind(first.expected) : first?.code === 'invalid_value' ? first.values.map(choice).join(' or ') : null));
  if (kinds.every((k) => k !== null) && kinds.length > 0) return `should be ${[...new Set(kinds)].join(' or ')}${given(issue)}`;
  return `matches none of the forms allowed here${given(issue)}`;
}

/**
 * What is wrong, without the field: a message the schema gave as it is, zod's own in our words (`should be at least 1,
 * is 0`, `missing (expected a number)`). Issues from a parse without OUR_WORDING keep zod's message.
 */
export function issueText(issue: core.$ZodIssue): string {
  if (issue.message !== ZOD_WORDING) return issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return `missing (expected ${kind(issue.expected)})`;
      const infinite = issue.expected === 'number' && typeof issue.input === 'number';
      return `should be ${infinite ? 'a finite number' : kind(issue.expected)}${given(issue)}`;
    }
    case 'too_small':
    case 'too_big': {
      const should = limit(issue);
      return should === 'should not be empty' ? should : `${should}${given(issue, true)}`;
    }
    case 'invalid_value':
      return `should be ${issue.values.length === 1 ? '' : 'one of '}${issue.values.map(choice).join(', ')}${given(issue)}`;
    case 'invalid_format': {
      const f = issue as core.$ZodStringFormatIssues;
      const should =
        f.format === 'starts_with' ? `start with "${f.prefix}"` : f.format === 'ends_with' ? `end with "${f.suffix}"` : f.format === 'includes' ? `contain "${f.includes}"` : f.format === 'regex' ? `match ${f.pattern}` : `be ${FORMATS[f.format] ?? `in ${f.format} format`}`;
      return `should ${should}${given(issue)}`;
    }
    case 'not_multiple_of':
      return `should be a multiple of ${issue.divisor}${given(issue)}`;
    case 'invalid_union':
      return union(issue);
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_key':
      return `has a key that is not allowed here`;
    case 'invalid_element':
      return `has an item that is not allowed here`;
    default:
      return `is not valid here${given(issue)}`;
  }
}
