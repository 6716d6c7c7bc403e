// A JSON value read from a file, named in a message: `the string "42"` (a bare `"42"` reads like the number); a schema rule that names it.
import { grouped } from './grouped.js';

/** Characters of a value shown in a message; a longer one is cut there, with its length, to keep the message one short line. */
const SHOWN = 60;

/** `[1,2,3,...` (1,204 characters): the first SHOWN characters of a long value's text. */
function shortened(text: string): string {
  return text.length <= SHOWN ? text : `${text.slice(0, SHOWN)}... (${grouped(text.length)} characters)`;
}

/**
 * `the string "42"`, `true`, `{"a":1}`; a number JSON cannot write (1e999 reads as Infinity) as itself, not `null`. A
 * value whose text is long (a list of thousands, a pasted log line) is cut after SHOWN characters.
 */
export const valueText = (value: unknown): string =>
  typeof value === 'string' ? `the string ${shortened(JSON.stringify(value))}` : typeof value === 'number' ? String(value) : shortened(String(JSON.stringify(value)));

/** A schema rule of ours (zod's `error` parameter), with the value given after it (`, is [6,1]`), as zod's own messages in our words have it. */
export const saying = (rule: string) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? rule : `${rule}, is ${valueText(issue.input)}`) });
