// Wrapping a line of words to a terminal's width, its continuation lines indented under where the text began.

/**
 * `head` then `text`, in lines no wider than `width` - 1 (a full row wraps on some terminals), broken between words;
 * each line after the first starts with as many spaces as `head` is long. A word longer than a line is left whole.
 * With no width, or one too narrow to leave 20 columns after the indent, the line as it is.
 */
export function wrapWords(head: string, text: string, width: number | null): string[] {
  const room = width === null ? Infinity : width - 1 - head.length;
  if (room === Infinity || room < 20 || head.length + text.length <= width! - 1) return [head + text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  const indent = ' '.repeat(head.length);
  return lines.map((l, i) => (i === 0 ? head : indent) + l);
}
