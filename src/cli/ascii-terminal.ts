// On a terminal whose locale is not UTF-8 (LANG=C), the few symbols our output uses beyond ASCII are written in ASCII.
import { unicodeOk } from './terminal-caps.js';

/** Each symbol beyond ASCII that our messages use, and what a terminal without UTF-8 gets instead. */
const ASCII: Readonly<Record<string, string>> = { '±': '+/-', µ: 'u', '…': '...', '→': '->', '−': '-', '’': "'", '↑': '^' };
const SYMBOLS = new RegExp(`[${Object.keys(ASCII).join('')}]`, 'gu');

/** The text with those symbols in ASCII: `latency 200±50 ms` -> `latency 200+/-50 ms`, `100 µs` -> `100 us`. */
export const asciiText = (text: string): string => text.replace(SYMBOLS, (symbol) => ASCII[symbol]!);

/**
 * Where the locale is not UTF-8, what the command writes to a terminal (stdout or stderr that is a TTY) goes through
 * asciiText: a Latin-1 or plain VT terminal showed `200Â±50 ms`, and a screen reader read it as noise. Output to a
 * pipe or a file keeps its UTF-8 bytes (its reader decides), and so does every file the command writes.
 */
export function asciiOnTerminal(env: NodeJS.ProcessEnv = process.env): void {
  if (unicodeOk(env)) return;
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.isTTY !== true) continue;
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? asciiText(chunk) : chunk, ...rest)) as typeof stream.write;
  }
}
