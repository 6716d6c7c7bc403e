// A path typed on the command line, read from the folder the user typed it in, also when npm runs the script from the
// project root (`cd logs && npm run analyze -- <run>`).
import { isAbsolute, resolve } from 'node:path';

/**
 * `value` as the user meant it. npm runs a script from the project root and names the folder it was started in
 * INIT_CWD; when this process is that script (npm_lifecycle_script names this process's own script file) a relative
 * path is resolved against INIT_CWD. Every process under it inherits npm's variables (a machine that start-all spawns, a
 * test's child, bench's start-alls) without being the script npm ran, and keeps its paths as given.
 */
export function userPath(value: string, env: NodeJS.ProcessEnv = process.env, script = process.argv[1], cwd = process.cwd()): string {
  const from = env.INIT_CWD;
  if (!from || !script || isAbsolute(value) || resolve(from) === resolve(cwd)) return value;
  const words = (env.npm_lifecycle_script ?? '').split(/\s+/).filter((word) => word !== '');
  return words.some((word) => resolve(cwd, word) === resolve(script)) ? resolve(from, value) : value;
}
