// Whether this process is the script `npm run` started, not a process under it that inherited npm's variables.
import { resolve } from 'node:path';

/**
 * npm exports the command line of the script it runs (npm_lifecycle_script) to it and to every process it starts; the
 * script npm ran is the process whose own script file (`script`, process.argv[1]) that command line names. A machine
 * that start-all spawns, a CLI a test runs and bench's start-alls inherit the variables of another script.
 */
export function ranByNpm(env: NodeJS.ProcessEnv = process.env, script = process.argv[1], cwd = process.cwd()): boolean {
  if (!script) return false;
  const words = (env.npm_lifecycle_script ?? '').split(/\s+/).filter((word) => word !== '');
  return words.some((word) => resolve(cwd, word) === resolve(script));
}
