// Why a machine of a start-all run crashed when it was its own log it could not write (a full disk): from run.json.
import type { RunInfo } from '../log/run-info.js';

/** The machine's own line, kept in run.json's stderrTail: `machine: error: machine 2 cannot write its log <file>: <why>`. */
const LOG_FAILURE = /^machine: error: machine \d+ cannot write its log .*: ([^:]+)$/m;

/** Why machine `id` could not write its log (`no space left on the disk`), if run.json says it stopped for that. */
export function logWriteFailure(info: RunInfo | null, id: number): string | undefined {
  const tail = info?.machines?.[String(id)]?.stderrTail;
  return tail === undefined ? undefined : LOG_FAILURE.exec(tail)?.[1];
}

/**
 * `; their logs could not be written: no space left on the disk` when every one of `ids` crashed for one such
 * reason, for the line that names them as crashed; else the empty string.
 */
export function logWriteFailureText(info: RunInfo | null, ids: readonly number[]): string {
  const reasons = new Set(ids.map((id) => logWriteFailure(info, id)));
  const [reason] = reasons;
  if (reasons.size !== 1 || reason === undefined) return '';
  return `; ${ids.length === 1 ? 'its log' : 'their logs'} could not be written: ${reason}`;
}
