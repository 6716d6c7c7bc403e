// Parses a CLI's argv with commander: errors are thrown (runCli turns them into exit 2) and printed as `<cli>: error: ...`,
// the same shape as every other error line of ours; under `npm run` without `--`, a hint says where options go.
import type { Command, CommanderError } from 'commander';

/**
 * Parses `argv` (without node and script) into `program` and returns it. `npmExample` is the arguments of an example
 * command line (`-d 5`) for the hint printed when npm may have taken the options for itself.
 */
export function parseArgs(program: Command, argv: string[], npmExample?: string): Command {
  program
    .exitOverride((err: CommanderError) => {
      const hint = npmHint(program, err.code, npmExample);
      if (hint) process.stderr.write(`${program.name()}: ${hint}\n`);
      throw err;
    })
    .configureOutput({ outputError: (message, write) => write(`${program.name()}: ${message}`) });
  return program.parse(argv, { from: 'user' });
}

/**
 * `npm run start-all -d 5` runs `start-all 5`: npm keeps every option before or after the script's name for itself,
 * and its values are left as arguments. So, in the script npm ran (npm_lifecycle_event names this CLI), too many
 * arguments are most likely options npm took. (An unknown option reached us, so npm did not take it: no hint then.)
 */
export function npmHint(program: Command, code: string, example?: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const name = program.name();
  if (code !== 'commander.excessArguments' || env.npm_lifecycle_event !== name) return null;
  return `options go after --, as in: npm run ${name} -- ${example ?? program.usage()} (npm keeps those before it for itself)`;
}
