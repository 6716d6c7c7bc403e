// A file system error as words a user can act on (permission denied, read-only file system), not an errno dump.

/** What every file or folder operation may meet, in words. */
const COMMON_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOTDIR: 'a file is in the way',
  EFBIG: 'file too large (over the limit on file size, ulimit -f)',
};

/** A write's failure for want of room, in words (read by those that also give the remedy: free space, another disk). */
export const NO_ROOM: Record<string, string> = {
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'disk quota exceeded',
};

/** Whether a write failed for want of room on the disk (ENOSPC, EDQUOT). */
export function isNoRoom(error: unknown): boolean {
  return ((error as NodeJS.ErrnoException | undefined)?.code ?? '') in NO_ROOM;
}

/** Why an operation failed: `specific` words for its own codes, then the common ones, else the system's message. */
export function fileErrorReason(error: unknown, specific: Record<string, string> = {}): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return specific[code] ?? COMMON_REASONS[code] ?? String((error as Error).message);
}

/** Whether `error` came from the file system (it carries an errno code such as ENOENT), not from our own code. */
export function isFileError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException | undefined)?.code === 'string';
}
