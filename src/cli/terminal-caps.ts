// What the terminal we print to can show: redrawing in place (cursor movement), and characters beyond ASCII.

/** A terminal that takes cursor movement: a TTY whose TERM is not `dumb` (Emacs' shell buffer, some CI consoles). */
export function canRedraw(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/**
 * Whether characters beyond ASCII (`…`, the progress bars' blocks) can be shown: not when the locale is set and is
 * not UTF-8 (LC_ALL, else LC_CTYPE, else LANG, as the C library reads them). No locale set at all is taken as UTF-8,
 * as a container's shell usually has none while its terminal is UTF-8.
 */
export function unicodeOk(env: NodeJS.ProcessEnv = process.env): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG;
  return !locale || /utf-?8/i.test(locale);
}
