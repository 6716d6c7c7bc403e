// The repository's root, found from this file's own place (not process.cwd()), so tests run from any directory.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder (test/helpers/../..), with no trailing slash. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

/** A path inside the repository: fromRoot('dist', 'scripts', 'analyze.js'). */
export const fromRoot = (...parts: string[]): string => join(repoRoot, ...parts);
