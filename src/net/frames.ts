// The wire protocol's lines: `clock:N` (a message) and `hello:<id>` or `hello:<id>:<run token>` (who is dialing, and
// for which run); everything else is ignored. The one line a machine sends back to a dialer: `other-run:<its token>`,
// to one whose hello named another run's token.
import { printable } from '../text/printable.js';

/** A hello's `run` is the dialer's run token (RUN_TOKEN), absent when it gave none (a machine without one, or older). */
export type Frame = { kind: 'clock'; clock: number } | { kind: 'hello'; id: number; run?: string };

/** The result of reading one line: a frame, a malformed frame (with why), or null for a line to ignore. */
export type LineResult = Frame | { kind: 'malformed'; reason: string } | null;

const DIGITS = /^[0-9]+$/;

/** A run token: what the machines of one run share, so that each refuses another run's machines (1 to 32 of these). */
export const RUN_TOKEN = /^[A-Za-z0-9_.-]{1,32}$/;

/**
 * The largest clock a frame may carry: 2^52. No honest machine gets near it (5,000 ticks per second for 28,000
 * years), and accepting up to 2^53 - 1 would let one receive push the clock past the safe integer range.
 */
export const MAX_FRAME_CLOCK = 2 ** 52;

/** Why a clock frame of digits only is refused when its clock is over MAX_FRAME_CLOCK (in parentheses: the server adds `from <peer>`). */
const TOO_LARGE = `over 2^52 = ${MAX_FRAME_CLOCK}, the largest clock a frame may carry`;

function parseCount(text: string, max: number): number | undefined {
  if (!DIGITS.test(text) || text.length > 16) return undefined;
  const n = Number(text);
  return n <= max ? n : undefined;
}

/** A frame quoted for a warning: as JSON writes it, with the controls JSON leaves raw escaped too (printable). */
const show = (line: string): string => printable(JSON.stringify(line.length > 40 ? `${line.slice(0, 40)}...` : line));

/** Parses one line (without its newline). */
export function parseLine(line: string): LineResult {
  if (line.startsWith('clock:')) {
    const text = line.slice(6);
    const clock = parseCount(text, MAX_FRAME_CLOCK);
    if (clock !== undefined) return { kind: 'clock', clock };
    const why = DIGITS.test(text) && Number(text) > MAX_FRAME_CLOCK ? ` (${TOO_LARGE})` : '';
    return { kind: 'malformed', reason: `malformed clock frame ${show(line)}${why}` };
  }
  if (line.startsWith('hello:')) {
    const colon = line.indexOf(':', 6);
    const id = parseCount(colon === -1 ? line.slice(6) : line.slice(6, colon), 999_999_999);
    const run = colon === -1 ? undefined : line.slice(colon + 1);
    if (id === undefined || (run !== undefined && !RUN_TOKEN.test(run))) return { kind: 'malformed', reason: `malformed hello frame ${show(line)}` };
    return run === undefined ? { kind: 'hello', id } : { kind: 'hello', id, run };
  }
  return null;
}

export const clockFrame = (clock: number): string => `clock:${clock}\n`;
export const helloFrame = (id: number, run?: string): string => (run === undefined ? `hello:${id}\n` : `hello:${id}:${run}\n`);

/** The likely causes of a machine of another run on a connection, in both ends' warnings. */
export const OTHER_RUN_CAUSES = 'another run on this host given the same ports or faultPorts, or a machine given another --run-token?';

/** What a machine sends back to a dialer whose hello named another run's token: its own token. */
export const otherRunFrame = (run: string): string => `other-run:${run}\n`;

/** The token of an `other-run:<token>` line (without its newline), else undefined. */
export function parseOtherRun(line: string): string | undefined {
  if (!line.startsWith('other-run:')) return undefined;
  const run = line.slice('other-run:'.length).replace(/\r$/, '');
  return RUN_TOKEN.test(run) ? run : undefined;
}
