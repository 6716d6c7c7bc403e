// A word of a command we print for the user to paste: quoted for a POSIX shell when it holds spaces or other specials.

/** A word as a POSIX shell reads it back: quoted when it holds anything but plain characters. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
