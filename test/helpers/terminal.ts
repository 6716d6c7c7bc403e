// A tiny terminal for tests of what a TTY shows: the screen after a stream of text with the few escape codes we write.

/** What a terminal of a given size holds: the rows on its screen, and those scrolled off its top. */
export interface TerminalState {
  screen: string[];
  scrollback: string[];
}

/**
 * A terminal of `columns` x `rows` (Infinity: unbounded) after `text`: printable characters, `\r`, `\n` (to the start
 * of the next row, as the tty's onlcr makes it), and the escapes ESC[nA (cursor up n rows, not past the screen's top),
 * ESC[2K (erase the row), ESC[K (erase from the cursor to the end of the row) and ESC[J (erase from the cursor to the end of the screen). A character printed past the last
 * column goes to the start of the next row, and a row past the bottom scrolls the top one into the scrollback. Any
 * other escape throws, so a test notices output it cannot judge. Empty rows at the end are left out.
 */
export function terminalOf(text: string, size: { columns?: number; rows?: number } = {}): TerminalState {
  const columns = size.columns ?? Infinity;
  const height = size.rows ?? Infinity;
  const rows: string[] = [''];
  /** The index in `rows` of the screen's top row: the rows above it are the scrollback. */
  let top = 0;
  let row = 0;
  let col = 0;
  const down = () => {
    row++;
    col = 0;
    while (rows.length <= row) rows.push('');
    if (row >= top + height) top = row - height + 1;
  };
  for (let i = 0; i < text.length; ) {
    const escape = /^\x1b\[(\d*)([A-Za-z])/.exec(text.slice(i, i + 12));
    if (escape) {
      const n = Number(escape[1] || '1');
      const code = `${escape[1]}${escape[2]}`;
      if (escape[2] === 'A') row = Math.max(top, row - n);
      else if (code === '2K') rows[row] = '';
      else if (code === 'K') rows[row] = rows[row]!.slice(0, col);
      else if (code === 'J') {
        rows[row] = rows[row]!.slice(0, col);
        rows.length = row + 1;
      } else throw new Error(`terminalOf: unknown escape ESC[${code}`);
      i += escape[0].length;
      continue;
    }
    const c = text[i++]!;
    if (c === '\r') col = 0;
    else if (c === '\n') down();
    else {
      if (col >= columns) down();
      const line = rows[row]!.padEnd(col);
      rows[row] = line.slice(0, col) + c + line.slice(col + 1);
      col++;
    }
  }
  while (rows.length > top && rows.at(-1) === '') rows.pop();
  return { screen: rows.slice(top), scrollback: rows.slice(0, top) };
}

/** The rows an unbounded terminal shows after `text` (see terminalOf). */
export function screenOf(text: string): string[] {
  return terminalOf(text).screen;
}
