// A symbolic link to nothing, where a file or folder was to be made: said as such, not as EEXIST or ENOENT.
import { existsSync, lstatSync, readlinkSync } from 'node:fs';

/** What `path` points to when it is a link whose target does not exist (a dangling link); else undefined. */
export function danglingTarget(path: string): string | undefined {
  try {
    return lstatSync(path).isSymbolicLink() && !existsSync(path) ? readlinkSync(path) : undefined;
  } catch {
    return undefined;
  }
}

/** `a link to <target>, which does not exist (...)`: the end of a one-line error about a dangling link. */
export function danglingWords(target: string): string {
  return `a link to ${target}, which does not exist (remove the link, or make what it points to)`;
}
