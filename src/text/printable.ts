// Text from a log or a file, made safe to print on a terminal: control characters shown as JSON escapes (\u001b).

/** C0 controls but the newline, DEL, and the C1 controls (U+009B is a CSI that some terminals obey on its own). */
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

/**
 * `text` with every control character but the newline written as JSON writes it (`\u001b`, `\t`; JSON.stringify, as
 * the machines' warnings quote a bad frame, and DEL and C1 too, which JSON leaves raw): a corrupted log line cannot
 * set the terminal's title, clear its screen or move its cursor. A valid record line is unchanged (JSON has no raw
 * controls below U+0020).
 */
export function printable(text: string): string {
  return text.replace(CONTROLS, (c) => (c < '\u0020' ? JSON.stringify(c).slice(1, -1) : `\\u00${c.charCodeAt(0).toString(16)}`));
}
