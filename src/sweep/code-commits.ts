// The git commits whose code ran a sweep's runs, carried across --resume so that results of two code versions are said.
import { SHA, toolVersion } from '../log/tool-version.js';

/** The commits a stopped sweep's journal or results.json holds (anything else there is ignored: an older version wrote none). */
export function storedCommits(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((c): c is string => typeof c === 'string' && SHA.test(c)) : [];
}

/** The commits that ran a sweep: those of its earlier part, then the running code's (when it is a git checkout). */
export function sweepCommits(earlier: readonly string[], running: string | null = toolVersion().commit): string[] {
  return running === null || earlier.includes(running) ? [...earlier] : [...earlier, running];
}

/**
 * The warning for a --resume whose finished runs came from other code than the running one, or undefined when they all
 * came from it (or a commit is unknown: not a git checkout, or a sweep stopped by a version that did not record it).
 */
export function mixedCodeWarning(earlier: readonly string[], finished: number, running: string | null = toolVersion().commit): string | undefined {
  const others = earlier.filter((c) => c !== running);
  if (running === null || others.length === 0) return undefined;
  const short = (c: string) => c.slice(0, 7);
  return (
    `the ${finished} finished ${finished === 1 ? 'run was' : 'runs were'} made by commit ${others.map(short).join(', ')} and the rest are made by ${short(running)}: ` +
    'results.json lists the commits under "commits"; if the change touched the simulator or the metrics, run the spec again in a new --out folder'
  );
}
