// A tiny terminal for tests of what a TTY shows: the screen after a stream of text with the few escape codes we write.

/**
 * The rows a terminal shows after `text`: printable characters, `\r`, `\n` (to the start of the next row, as the
 * tty's onlcr makes it), and the escapes ESC[nA (cursor up n rows), ESC[2K (erase the row) and ESC[J (erase from the
 * cursor to the end of the screen). Any other escape throws, so a test notices output it cannot judge.
 */
export function screenOf(text: string): string[] {
  const rows: string[] = [''];
  let row = 0;
  let col = 0;
  for (let i = 0; i < text.length; ) {
    const escape = /^\x1b\[(\d*)([A-Za-z])/.exec(text.slice(i, i + 12));
    if (escape) {
      const n = Number(escape[1] || '1');
      const code = `${escape[1]}${escape[2]}`;
      if (escape[2] === 'A') row = Math.max(0, row - n);
      else if (code === '2K') rows[row] = '';
      else if (code === 'J') {
        rows[row] = rows[row]!.slice(0, col);
        rows.length = row + 1;
      } else throw new Error(`screenOf: unknown escape ESC[${code}`);
      i += escape[0].length;
      continue;
    }
    const c = text[i++]!;
    if (c === '\r') col = 0;
    else if (c === '\n') {
      row++;
      col = 0;
      while (rows.length <= row) rows.push('');
    } else {
      const line = rows[row]!.padEnd(col);
      rows[row] = line.slice(0, col) + c + line.slice(col + 1);
      col++;
    }
  }
  while (rows.length > 0 && rows.at(-1) === '') rows.pop();
  return rows;
}
