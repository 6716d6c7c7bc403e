// Text from a log or a file, made safe to print on a terminal: control characters shown as JSON escapes (\u001b).

/**
 * C0 controls but the newline, DEL, and the C1 controls (U+009B is a CSI that some terminals obey on its own); and the
 * bidirectional controls (U+202E reverses how the rest of a line shows: a record's `conn\u202eect` would read `conntcec`).
 */
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with every control character but the newline written as JSON writes it (`\u001b`, `\t`; JSON.stringify, as
 * the machines' warnings quote a bad frame, and DEL, C1 and the bidirectional controls too, which JSON leaves raw): a corrupted log line cannot
 * set the terminal's title, clear its screen or move its cursor, nor reverse the rest of a line. A valid record line is
 * unchanged but for a bidirectional control inside one of its strings (JSON has no raw controls below U+0020).
 */
export function printable(text: string): string {
  return text.replace(CONTROLS, (c) => (c < '\u0020' ? JSON.stringify(c).slice(1, -1) : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
