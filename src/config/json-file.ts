// Reading a JSON file a user wrote (config, plan, sweep spec, fault schedule) and validating it with zod: every failure
// is one UsageError line naming the file and the field.
import { readFileSync, statSync } from 'node:fs';
import * as core from 'zod/v4/core';
import { UsageError } from './errors.js';
import { fromRootHint } from '../cli/user-path.js';
import { shellWord } from '../text/shell-word.js';
import { duplicateKey } from './duplicate-keys.js';
import { closestField, fieldsAt } from './field-suggestion.js';
import { parse, type ParseError } from 'jsonc-parser';
import { fieldPath, issueText, OUR_WORDING } from '../text/zod-issue-text.js';
import { firstAndMore } from '../text/first-and-more.js';
import { printable } from '../text/printable.js';
import { isJsonObject } from './json-object.js';
import { MACHINE_ID_RULE } from './schema.js';

/** Reads and parses `path`; `what` names the kind of file in the error ("config", "plan", ...). */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    // A device (/dev/zero, /dev/urandom) would be read for ever. A named pipe is read: `-c <(jq ... my.json)` is one.
    const stat = statSync(path);
    if (stat.isCharacterDevice() || stat.isBlockDevice() || stat.isSocket()) throw new UsageError(`cannot read ${what} ${path}: is a device, not a file`);
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? String(err));
    const meant = code === 'ENOENT' ? fromRootHint(path) : undefined;
    throw new UsageError(`cannot read ${what} ${path}: ${why}${meant ? ` (did you mean ${shellWord(meant)}?)` : ''}`);
  }
  // Some editors (Notepad, PowerShell's Out-File) start a UTF-8 file with a byte order mark, which JSON.parse refuses.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // JSON.parse would say `Unexpected end of JSON input`: a file saved empty (or of spaces) is said as such.
  if (text.trim() === '') throw new UsageError(`${path}: the file is empty (a ${what} is a JSON object)`);
  // The checks after JSON.parse (duplicate keys, zod, field suggestions) recurse: a file nested thousands deep would
  // overflow the stack. Ours nest a few levels.
  if (nestedDeeperThan(text, MAX_NESTING)) throw new UsageError(`${path}: nested more than ${MAX_NESTING} levels deep (a ${what} nests a few)`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // JSON.parse quotes the text it choked on, newlines included: keep the error on one line.
    throw new UsageError(`${path}: not valid JSON (${printable(withLine((err as Error).message, text).replace(/\s*\n\s*/g, ' '))})`);
  }
  const repeated = duplicateKey(text);
  if (repeated) throw new UsageError(`${path}: ${repeated}`);
  return value;
}

/** The deepest nesting of objects and lists a file may have. */
const MAX_NESTING = 64;

/** Whether `text` opens more than `limit` objects or lists inside one another (brackets in strings do not count). */
function nestedDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Whitespace Node quotes raw as the unexpected token, by name. */
const WHITESPACE_NAMES: Record<string, string> = { '\n': 'end of line', '\r': 'carriage return', '\t': 'tab' };

/**
 * JSON.parse's complaint with where it is: `Expected double-quoted property name in JSON at line 5, column 3` (Node 20
 * gives a position, or for some mistakes none: `Unexpected token ']', "...the text..." is not valid JSON`, where the
 * place comes from jsonc-parser's scan), and a hint when a comma stands before a closing bracket or a comment begins there.
 */
function withLine(message: string, text: string): string {
  const given = / at position (\d+)/.exec(message);
  let offset = given ? Number(given[1]) : firstErrorOffset(text);
  // The scan points at the start of a bad word (`nope`, `tru`); Node names the character in it, or after it, it tripped on.
  const token = /^Unexpected token '([\s\S])'/.exec(message)?.[1];
  const named = !given && offset !== null && token !== undefined ? text.indexOf(token, offset) : -1;
  if (named >= 0) offset = named;
  const what = message
    .replace(/ at position \d+(?: \(line \d+ column \d+\))?/, '')
    .replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '')
    .replace(/^Unexpected token '([\n\r\t])'/, (_, c: string) => `Unexpected ${WHITESPACE_NAMES[c]}`);
  if (offset === null) return what;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const comma = /,\s*$/.test(before) && /^[\]}]/.test(text.slice(offset)) ? '; a comma before a closing bracket, which JSON does not allow' : '';
  const comment = /^\/[/*]/.test(text.slice(offset)) ? '; a comment, which JSON does not allow' : '';
  return `${what}${what.includes(' in JSON') ? '' : ' in JSON'} at line ${line}, column ${before.length - before.lastIndexOf('\n')}${comma}${comment}`;
}

/** Where jsonc-parser finds the first mistake in `text` (JSON as JSON.parse takes it), or null. */
function firstErrorOffset(text: string): number | null {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return errors[0]?.offset ?? null;
}

/** Problems listed in one error at most; the rest are counted. */
const MAX_LISTED = 3;

/** `"duration" (did you mean "durationSeconds"?)`: an unknown field, with the known one at its place it is closest to. */
function unknownField(key: string, known: readonly string[]): string {
  const meant = closestField(key, known);
  return `"${key}"${meant ? ` (did you mean "${meant}"?)` : ''}`;
}

/** The first MAX_LISTED items, then how many more: `"a", "b", "c" and 4 more` (a file of another kind has many unknown fields). */
const listed = (items: readonly string[]): string => firstAndMore(items, MAX_LISTED);

/** One problem zod found, as `field: what is wrong`; `schema` (when given) names the field an unknown one was meant to be. */
function describeIssue(issue: core.$ZodIssue, schema?: core.$ZodType, raw?: unknown): string {
  const path = fieldPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const known = schema ? fieldsAt(schema, issue.path, raw) : [];
    return `${path ? `${path}: ` : ''}unknown field ${listed(issue.keys.map((k) => unknownField(k, known)))}`;
  }
  const field = path || '(top level)';
  // A form chosen by a field ("action") that is missing: often misspelt, so the object's unknown fields come first.
  if (issue.code === 'invalid_union' && schema) {
    const key = (issue as { discriminator?: string }).discriminator;
    const input = issue.input as unknown;
    if (key !== undefined && isJsonObject(input) && !(key in input)) {
      const where = issue.path.slice(0, -1);
      const known = fieldsAt(schema, where, raw);
      const unknown = Object.keys(input).filter((k) => !known.includes(k));
      if (unknown.length) return `${fieldPath(where) ? `${fieldPath(where)}: ` : ''}unknown field ${listed(unknown.map((k) => unknownField(k, known)))}; ${field}: ${issueText(issue)}`;
    }
  }
  if (issue.code === 'invalid_key') return `${field}: ${MACHINE_ID_RULE}`;
  return `${field}: ${issueText(issue)}`;
}

/**
 * `path` as the file has it: a list position zod gave a single value (`"durationSeconds": 0`, which a grid takes as a
 * list of one) is left out, so that the error names `grid.durationSeconds`, not a `[0]` the user never wrote.
 */
function writtenPath(raw: unknown, path: readonly PropertyKey[]): PropertyKey[] {
  const written: PropertyKey[] = [];
  let at: unknown = raw;
  for (const key of path) {
    if (typeof key === 'number' && !Array.isArray(at)) continue;
    written.push(key);
    at = typeof at === 'object' && at !== null ? (at as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return written;
}

/**
 * Every problem zod found, on one line: `field: what is wrong; other: ...`, the first MAX_LISTED of them and then how
 * many more, so that a file with several mistakes is not fixed one run at a time. Unknown fields come first, the
 * others in zod's order after them: a misspelt field (`"rate"` for `"rates"`) is often why the others are missing, and
 * its did-you-mean is the fix, so it must not be among those counted in `and 2 more`.
 */
export function describeZodIssues(error: core.$ZodError, schema?: core.$ZodType, raw?: unknown): string {
  const issues = raw === undefined ? error.issues : error.issues.map((issue) => ({ ...issue, path: writtenPath(raw, issue.path) }));
  // The same mistake in several items of a list (each of `"rates": [1, 2, 3]` is not a list) is named once, at the first.
  const seen = new Set<string>();
  const unknownFirst = [...issues.filter((issue) => issue.code === 'unrecognized_keys'), ...issues.filter((issue) => issue.code !== 'unrecognized_keys')];
  const described = unknownFirst
    .filter((issue) => {
      // What is wrong, without where in the list or the value given (OUR_WORDING keeps each issue's input).
      const kind = `${issue.path.map((key) => (typeof key === 'number' ? '#' : String(key))).join('.')} ${JSON.stringify(issue, (key, value: unknown) => (key === 'path' || key === 'input' ? undefined : value))}`;
      return !seen.has(kind) && seen.add(kind);
    })
    .map((issue) => describeIssue(issue, schema, raw))
    // Two checks a value fails in the same words (a seed of 1e20: not a safe whole number, and over the largest) read once.
    .filter((text, i, all) => all.indexOf(text) === i);
  if (described.length === 0) return 'invalid';
  const more = described.length - MAX_LISTED;
  return described.slice(0, MAX_LISTED).join('; ') + (more > 0 ? `; and ${more} more` : '');
}

/** Validates `raw` against `schema` (full zod or zod/mini); on failure a UsageError `<source>: <field>: <problem>`. */
export function parseWith<S extends core.$ZodType>(schema: S, raw: unknown, source: string): core.output<S> {
  const result = core.safeParse(schema, raw, OUR_WORDING);
  if (result.success) return result.data;
  throw new UsageError(`${source}: ${describeZodIssues(result.error, schema, raw)}`);
}
