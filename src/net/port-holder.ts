// Which process listens on a TCP port, read from Linux's /proc: for a port-in-use error that names what to stop.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { TCP_LISTEN, tcpSocketsOn } from './tcp-sockets.js';

/** The most of a process's command line shown. */
const SHOWN_CHARS = 120;

/** A process: its pid and its command line (cut at SHOWN_CHARS). */
export interface ProcessInfo {
  pid: number;
  command: string;
}

/** Who listens on `port` (any address): the process and, when it is a machine of a start-all, that start-all. */
export interface PortHolder {
  process: ProcessInfo;
  startAll?: ProcessInfo;
}

/** The socket inodes listening on `port`, from /proc/net/tcp and tcp6. */
function listeningInodes(port: number, proc: string): Set<string> {
  return new Set(tcpSocketsOn(port, proc).filter((row) => row.state === TCP_LISTEN && row.inode).map((row) => row.inode));
}

/** A process's command line, NULs as spaces, cut at SHOWN_CHARS; undefined when it cannot be read. */
export function processCommand(pid: number, proc = '/proc'): string | undefined {
  try {
    const words = readFileSync(`${proc}/${pid}/cmdline`, 'utf8').split('\0').filter((w) => w !== '');
    const text = words.join(' ');
    return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}...` : text;
  } catch {
    return undefined;
  }
}

/** A process's parent pid, from /proc/<pid>/stat (the field after the command's closing parenthesis and state). */
function parentOf(pid: number, proc: string): number | undefined {
  try {
    const stat = readFileSync(`${proc}/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) && ppid > 0 ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The process listening on `port`, found by its socket among the open files of the processes this user may read;
 * undefined where /proc is missing (not Linux), or the holder is another user's or another container's.
 */
export function portHolder(port: number, proc = '/proc'): PortHolder | undefined {
  const inodes = listeningInodes(port, proc);
  if (inodes.size === 0) return undefined;
  let pids: number[];
  try {
    pids = readdirSync(proc).filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`${proc}/${pid}/fd`);
    } catch {
      continue;
    }
    const holds = fds.some((fd) => {
      try {
        const target = readlinkSync(`${proc}/${pid}/fd/${fd}`);
        return target.startsWith('socket:[') && inodes.has(target.slice(8, -1));
      } catch {
        return false;
      }
    });
    if (!holds) continue;
    const command = processCommand(pid, proc);
    if (command === undefined) return undefined;
    const parent = parentOf(pid, proc);
    const parentCommand = parent === undefined ? undefined : processCommand(parent, proc);
    return {
      process: { pid, command },
      ...(parent !== undefined && parentCommand && /start-all\.js/.test(parentCommand) ? { startAll: { pid: parent, command: parentCommand } } : {}),
    };
  }
  return undefined;
}

/** `process 4321 (its command line)`, or `process 4321` for one that has exited but not been reaped (a zombie's is empty). */
export function processText(p: ProcessInfo): string {
  return p.command ? `process ${p.pid} (${p.command})` : `process ${p.pid}`;
}

/**
 * `process 4321, a machine of the start-all still running as process 4300 (node dist/scripts/start-all.js -d 0): stop
 * that run (Ctrl+C in its terminal, or kill 4300)`, or `process 4321 (its command line)`.
 */
export function portHolderText(holder: PortHolder): string {
  const { process: p, startAll } = holder;
  if (startAll) return `process ${p.pid}, a machine of the start-all still running as ${processText(startAll)}: stop that run (Ctrl+C in its terminal, or kill ${startAll.pid})`;
  const own = processText(p);
  return /start-all\.js|machine\.(mjs|blob)|dist\/scripts\//.test(p.command) ? `${own}, a lamport-lab command still running: stop it (kill ${p.pid})` : own;
}
