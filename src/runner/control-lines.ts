// The lines a machine run by start-all prints for it (@status, @warn, @stop, @logfail): written, and parsed (a malformed one is no line of these).
import type { MachineStatus } from '../runtime/machine-runtime.js';

/** A machine's log that could not be written: the file, why in words, and whether for want of room (a full disk). */
export interface LogFailure {
  file: string;
  reason: string;
  noRoom: boolean;
  /** The log was written, then removed, moved away or replaced during the run: `reason` says which (no write failed). */
  displaced?: boolean;
}

export type ControlLine =
  | { kind: 'status'; status: MachineStatus }
  | { kind: 'warn'; reason: string }
  | { kind: 'stop'; signal: string }
  | { kind: 'logfail'; failure: LogFailure };

/**
 * The line as a machine prints it, with its newline: `@status {...}`, `@warn {"reason":"..."}`, `@stop {"signal":"SIGINT"}`,
 * `@logfail {"file":"...","reason":"no space left on the disk","noRoom":true}`.
 */
export function controlLineText(line: ControlLine): string {
  return `@${line.kind} ${JSON.stringify(controlLineBody(line))}\n`;
}

function controlLineBody(line: ControlLine): unknown {
  switch (line.kind) {
    case 'status':
      return line.status;
    case 'warn':
      return { reason: line.reason };
    case 'stop':
      return { signal: line.signal };
    case 'logfail':
      return line.failure;
  }
}

/** The JSON after a line's tag, or undefined when it is not JSON. */
function json(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function isStatus(value: unknown): value is MachineStatus {
  if (!isObject(value) || typeof value.ticking !== 'boolean') return false;
  return (['id', 'clock', 'queue', 'ticks', 'connected'] as const).every((key) => typeof value[key] === 'number');
}

/**
 * A machine's line for start-all, or undefined for any other line (its console lines, when not --quiet) and for a
 * malformed one (cut, not JSON, a field missing): thrown out of readline's handler, that ended start-all with a stack trace.
 */
export function parseControlLine(line: string): ControlLine | undefined {
  if (line.startsWith('@status ')) {
    const status = json(line.slice(8));
    return isStatus(status) ? { kind: 'status', status } : undefined;
  }
  if (line.startsWith('@warn ')) {
    const body = json(line.slice(6));
    return isObject(body) && typeof body.reason === 'string' ? { kind: 'warn', reason: body.reason } : undefined;
  }
  if (line.startsWith('@stop ')) {
    const body = json(line.slice(6));
    return isObject(body) && typeof body.signal === 'string' ? { kind: 'stop', signal: body.signal } : undefined;
  }
  if (line.startsWith('@logfail ')) {
    const body = json(line.slice(9));
    if (!isObject(body) || typeof body.file !== 'string' || typeof body.reason !== 'string' || typeof body.noRoom !== 'boolean') return undefined;
    return { kind: 'logfail', failure: { file: body.file, reason: body.reason, noRoom: body.noRoom, ...(body.displaced === true ? { displaced: true } : {}) } };
  }
  return undefined;
}
