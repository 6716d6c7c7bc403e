// Which running process, if any, has a file open for writing: a log that ends without its stop record may still be being written.
import { readFileSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';

/** The access mode bits of an open file's flags (O_ACCMODE): 0 is read-only (a `tail -f` or a pager), else it can write. */
const ACCESS_MODE = 0o3;

/** Whether descriptor `fd` of process `pid` is open for writing (its fdinfo's octal flags); false when that cannot be read. */
function openForWriting(pid: string, fd: string): boolean {
  try {
    const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'))?.[1];
    return flags !== undefined && (parseInt(flags, 8) & ACCESS_MODE) !== 0;
  } catch {
    return false; // closed meanwhile, or not ours to look at
  }
}

/**
 * For each of `files`, the pid of another process that has it open for writing (Linux: the /proc/<pid>/fd links and
 * their fdinfo flags); files none has, or when that cannot be seen (no /proc, another user's processes), are left out.
 * Reads every process's descriptors once, however many files: for a rare path only, such as a machine about to
 * continue a log it takes for a crashed run's.
 */
export function liveWriters(files: readonly string[]): Map<string, number> {
  const found = new Map<string, number>();
  const byTarget = new Map<string, string>();
  for (const file of files) {
    try {
      byTarget.set(realpathSync(file), file);
    } catch {
      // gone: no one writes it
    }
  }
  if (byTarget.size === 0) return found;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid);
  } catch {
    return found;
  }
  for (const pid of pids) {
    if (found.size === byTarget.size) break; // each has its writer
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to look at
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue; // closed meanwhile
      }
      const file = byTarget.get(target);
      if (file !== undefined && !found.has(file) && openForWriting(pid, fd)) found.set(file, Number(pid));
    }
  }
  return found;
}

/** The pid of another process that has `file` open for writing, or undefined (liveWriters). */
export function liveWriter(file: string): number | undefined {
  return liveWriters([file]).get(file);
}
