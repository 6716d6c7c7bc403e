// The lines a machine run by start-all prints for it (@status, @warn, @stop): written, and parsed (a malformed one is no line of these).
import type { MachineStatus } from '../runtime/machine-runtime.js';

export type ControlLine = { kind: 'status'; status: MachineStatus } | { kind: 'warn'; reason: string } | { kind: 'stop'; signal: string };

/** The line as a machine prints it, with its newline: `@status {...}`, `@warn {"reason":"..."}`, `@stop {"signal":"SIGINT"}`. */
export function controlLineText(line: ControlLine): string {
  const body = line.kind === 'status' ? line.status : line.kind === 'warn' ? { reason: line.reason } : { signal: line.signal };
  return `@${line.kind} ${JSON.stringify(body)}\n`;
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
  return undefined;
}
