// How many terminal columns a text takes (CJK and emoji take two, combining marks none), and padding by it.
import stringWidth from 'string-width';

/** Printable ASCII only: one column per character, without asking string-width (the tables are mostly numbers). */
const ASCII = /^[\x20-\x7e]*$/;

/** Terminal columns of `text`. */
export function displayWidth(text: string): number {
  return ASCII.test(text) ? text.length : stringWidth(text);
}

/** `text` with spaces after it, to `width` columns. */
export function padEndTo(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** `text` with spaces before it, to `width` columns. */
export function padStartTo(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}
