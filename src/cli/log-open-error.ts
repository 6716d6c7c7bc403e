// A machine log that cannot be opened or read at the start (a folder in its place, its folder removed): one line.
import { UsageError } from '../config/errors.js';
import { fileErrorReason, isFileError, NO_ROOM } from '../log/file-error.js';
import { shellWord } from '../text/shell-word.js';

/** Why a log could not be opened, beyond file-error's common words. */
const OPEN_REASONS: Record<string, string> = {
  ...NO_ROOM,
  ENOENT: 'its folder is gone (removed as the machine started?)',
  EISDIR: 'a folder is in its place',
};

/**
 * `machine 2 cannot open its log logs/x/machine-2.log: a folder is in its place` (a UsageError: exit 2), for a file
 * system error that names its file; any other error as it is.
 */
export function logOpenError(id: number, error: unknown): unknown {
  const file = (error as NodeJS.ErrnoException | undefined)?.path;
  if (!isFileError(error) || file === undefined) return error;
  return new UsageError(`machine ${id} cannot open its log ${shellWord(file)}: ${fileErrorReason(error, OPEN_REASONS)}`);
}
