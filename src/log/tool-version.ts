// Which lamport-lab made an output: package.json's name and version, and the git commit checked out (read from .git, no git process).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ToolVersion {
  name: string;
  version: string;
  /**
   * The 40-hex commit of HEAD when the project is a git checkout (a worktree too), else null. Absent from outputs that
   * promise the same bytes for the same inputs (a simulated run.json, a sweep's results.json): see toolNameVersion.
   */
  commit?: string | null;
}

const NAME = 'lamport-lab';

/**
 * The folder holding lamport-lab's package.json, from this module's place (src/log in the sources, dist/src/log built,
 * dist/bundle in the machine's bundle) or, in the machine's CommonJS snapshot, where the module has no url, from the
 * snapshot's file (dist/bundle/machine.blob, named in Node's --snapshot-blob); null when neither is known.
 */
function projectRoot(): string | null {
  const url: string | undefined = import.meta.url;
  const at = process.execArgv.indexOf('--snapshot-blob');
  const blob = at >= 0 ? process.execArgv[at + 1] : undefined;
  const start = typeof url === 'string' ? dirname(fileURLToPath(url)) : blob ? dirname(resolve(blob)) : null;
  if (start === null) return null;
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === NAME) return dir;
    if (dirname(dir) === dir) return null;
  }
}

const readText = (file: string): string | null => {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
};
/** A full git commit id: 40 lowercase hex digits. */
export const SHA = /^[0-9a-f]{40}$/;

/**
 * HEAD's commit from the files git keeps: `.git/HEAD` (a sha, or `ref: refs/heads/x`), then the ref's file or
 * packed-refs. A worktree's `.git` is a file naming its own git folder, whose `commondir` holds the shared refs.
 */
export function gitCommit(root: string): string | null {
  let gitDir = join(root, '.git');
  try {
    if (!statSync(gitDir).isDirectory()) {
      const pointer = /^gitdir:\s*(.+)$/m.exec(readText(gitDir) ?? '')?.[1]?.trim();
      if (!pointer) return null;
      gitDir = isAbsolute(pointer) ? pointer : resolve(root, pointer);
    }
  } catch {
    return null;
  }
  const head = readText(join(gitDir, 'HEAD'));
  if (head === null) return null;
  if (SHA.test(head)) return head;
  const ref = /^ref:\s*(\S+)$/.exec(head)?.[1];
  if (!ref) return null;
  const common = readText(join(gitDir, 'commondir'));
  const dirs = [gitDir, ...(common ? [isAbsolute(common) ? common : resolve(gitDir, common)] : [])];
  for (const dir of dirs) {
    const sha = readText(join(dir, ref));
    if (sha !== null && SHA.test(sha)) return sha;
  }
  for (const dir of dirs) {
    for (const line of (readText(join(dir, 'packed-refs')) ?? '').split('\n')) {
      const [sha, name] = line.split(' ');
      if (name === ref && sha && SHA.test(sha)) return sha;
    }
  }
  return null;
}

let cached: Required<ToolVersion> | undefined;

/** lamport-lab's name, version and commit (read once per process). */
export function toolVersion(): Required<ToolVersion> {
  if (cached) return cached;
  const root = projectRoot();
  const version = root === null ? 'unknown' : ((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown');
  cached = { name: NAME, version, commit: root === null ? null : gitCommit(root) };
  return cached;
}

/**
 * Name and version only, for outputs whose bytes depend only on their inputs (a simulated run's run.json, a sweep's
 * results.json): a commit there would make every commit's outputs differ, and a sweep resumed after a pull differ
 * from one never stopped.
 */
export function toolNameVersion(): ToolVersion {
  const { name, version } = toolVersion();
  return { name, version };
}
