// A JSON value read from a file, named in a message: `the string "42"` (a bare `"42"` reads like the number).

/** `the string "42"`, `true`, `{"a":1}`; a number JSON cannot write (1e999 reads as Infinity) as itself, not `null`. */
export const valueText = (value: unknown): string =>
  typeof value === 'string' ? `the string ${JSON.stringify(value)}` : typeof value === 'number' ? String(value) : String(JSON.stringify(value));
