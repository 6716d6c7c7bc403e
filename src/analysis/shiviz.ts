// Writes events with their vector clocks as a ShiViz log (https://bestchai.bitbucket.io/shiviz/), streamed to a file.
//
// Layout: line 1 the parsing regex, line 2 an empty multiple-executions delimiter, then two lines per event:
// `<host> {"<host>":n, ...}` and a description with the Lamport clock. Hosts are `machine-<id>`; entries that are 0
// are left out. Events arrive in causal order (vector-clocks.ts), so each host's own entry counts 1, 2, 3, ... down
// the file and every entry for another host names one of that host's events already written.
// A machine restarted after a crash is a new process (vector-clocks.ts explains why): its incarnation n >= 2 is the
// host `machine-<id>.inc<n>`, whose own entry starts again at 1, so ShiViz's rules hold for it as for any host and
// the restart shows as a new timeline in ShiViz.
import { createWriteStream, fstatSync, renameSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { clearedPartialPath, writesThrough } from './replace-file.js';
import { once } from 'node:events';
import { isoTime } from '../log/format.js';
import type { CausalEvent, Process } from './vector-clocks.js';

export const SHIVIZ_REGEX = '(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)';

/** The first two lines of every ShiViz log: the parsing regex and an empty delimiter (analyze knows its logs by them). */
export const SHIVIZ_HEADER = `${SHIVIZ_REGEX}\n\n`;

/** `machine-2` for a machine's first incarnation, `machine-2.inc3` for its third. */
export function shivizHost(machine: number, incarnation = 1): string {
  return incarnation > 1 ? `machine-${machine}.inc${incarnation}` : `machine-${machine}`;
}

const hostOf = (p: Process): string => shivizHost(p.machine, p.incarnation);

function describe(event: CausalEvent): string {
  const r = event.record;
  const tail = `Lamport clock ${r.clock}, tick ${r.tick}, queue ${r.queue}, ${isoTime(r.time)}`;
  switch (r.event) {
    case 'internal':
      return `internal event; ${tail}`;
    case 'send': {
      const to = event.to?.map(hostOf) ?? r.to.map((id) => shivizHost(id));
      return `send to ${to.length ? to.join(' and ') : 'nobody'}; ${tail}`;
    }
    case 'receive':
      return `receive from ${event.from ? hostOf(event.from) : r.from === null ? 'an unknown sender' : shivizHost(r.from)} (message clock ${r.msgClock}); ${tail}`;
  }
}

/** The two lines of one event, each ending in a newline. */
export function shivizEventLines(event: CausalEvent): string {
  const entries: string[] = [];
  event.processes.forEach((p, i) => {
    const n = event.vector[i] ?? 0;
    if (n > 0) entries.push(`${JSON.stringify(hostOf(p))}:${n}`);
  });
  return `${hostOf(event.process)} {${entries.join(', ')}}\n${describe(event)}\n`;
}

/**
 * A ShiViz file being written: `write` buffers, `ready()` waits out backpressure, `close()` flushes and puts the file
 * in place. Until then it is written beside its place (partialPath), so that a stopped export never leaves a file that
 * looks whole but ends early: the file is the complete new one, or the earlier one untouched. A link, a device or a
 * pipe (`--shiviz /dev/stdout`) is written through instead.
 */
export class ShivizWriter {
  private readonly stream: WriteStream | NodeJS.WriteStream;
  /** The file is this process's own standard output (`--shiviz /dev/stdout`): written through process.stdout. */
  private readonly toStdout: boolean;
  /** Where the log is written until complete; undefined when it is written straight to `file` (writesThrough). */
  private readonly partial: string | undefined;
  private buffer = '';
  private failure: Error | undefined;
  private blocked = false;
  /** Events written so far (two lines each, after the header). */
  events = 0;

  constructor(readonly file: string) {
    const through = writesThrough(file);
    this.partial = through ? undefined : clearedPartialPath(file);
    // Opened again, stdout redirected to a file (`> out.txt`) would be written from its start, under the tables.
    this.toStdout = through && isStandardOutput(file);
    this.stream = this.toStdout ? process.stdout : this.partial ? createWriteStream(this.partial, { flags: 'wx' }) : createWriteStream(file);
    if (!this.toStdout) {
      this.stream.on('error', (error) => {
        this.failure = error;
      });
    }
    this.buffer = SHIVIZ_HEADER;
  }

  write(event: CausalEvent): void {
    this.events++;
    this.buffer += shivizEventLines(event);
    if (this.buffer.length >= 1 << 16) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    if (!this.stream.write(this.buffer)) this.blocked = true;
    this.buffer = '';
  }

  /** Resolves once the file can take more (call between records). */
  async ready(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.blocked) return;
    this.blocked = false;
    await once(this.stream, 'drain');
  }

  /** Stops writing after a failure elsewhere, or a stop: the partial file goes, the file in place is left as it was. */
  abort(): void {
    if (this.toStdout) return;
    this.stream.destroy();
    if (this.partial) rmSync(this.partial, { force: true });
  }

  async close(): Promise<void> {
    this.flush();
    if (this.toStdout) return;
    this.stream.end();
    if (!this.stream.closed && !this.failure) await once(this.stream, 'close');
    if (this.failure) throw this.failure;
    if (this.partial) renameSync(this.partial, this.file);
  }
}

/** Whether `file` is the file, pipe or terminal this process's standard output (fd 1) writes to. */
function isStandardOutput(file: string): boolean {
  try {
    const target = statSync(file);
    const stdout = fstatSync(1);
    return target.dev === stdout.dev && target.ino === stdout.ino;
  } catch {
    return false;
  }
}
