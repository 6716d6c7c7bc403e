// Which running process, if any, has a file open: a log that ends without its stop record may still be being written.
import { readdirSync, readlinkSync, realpathSync } from 'node:fs';

/**
 * The pid of another process that has `file` open (Linux: its /proc/<pid>/fd links), or undefined when none has, or
 * when that cannot be seen (no /proc, another user's processes). Reads every process's descriptors: for a rare path
 * only, such as a machine about to continue a log it takes for a crashed run's.
 */
export function liveWriter(file: string): number | undefined {
  let target: string;
  let pids: string[];
  try {
    target = realpathSync(file);
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid);
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to look at
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === target) return Number(pid);
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}
