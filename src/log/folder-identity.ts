// Which folder a path names now, to tell a run folder removed and made again from the one it had.
import { statSync } from 'node:fs';

/**
 * `dev:ino:birth` of the folder at `dir`, or null when nothing is there. The birth time (ns) is what tells: ext4 gives
 * a folder made again at once the inode just freed. Where the file system keeps no birth time (0), only the inode.
 */
export function folderIdentity(dir: string): string | null {
  const stat = statSync(dir, { throwIfNoEntry: false, bigint: true });
  return stat ? `${stat.dev}:${stat.ino}:${stat.birthtimeNs}` : null;
}
