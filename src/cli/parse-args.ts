// Parses a CLI's argv with commander: errors are thrown (runCli turns them into exit 2) and printed as `<cli>: error: ...`,
// the same shape as every other error line of ours; under `npm run` without `--`, a hint says where options go.
import type { Command, CommanderError } from 'commander';
import { ranByNpm } from './npm-script.js';

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
  program.parse(argv, { from: 'user' });
  const taken = npmTakenOptions(program);
  if (taken.length > 0) {
    const flags = taken.join(' ');
    const args = program.registeredArguments.map((a) => (a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}${a.variadic ? '...' : ''}]`));
    const example = [...args, flags].join(' ');
    process.stderr.write(`${program.name()}: note: npm took ${flags} for itself, so ${taken.length === 1 ? 'it was' : 'they were'} not applied: options go after --, as in: npm run ${program.name()} -- ${example}\n`);
  }
  return program;
}

/**
 * The options of `program` that npm took for itself in `npm run <cli> <options>` (without `--`): npm keeps every
 * option for itself and exports each as npm_config_<name> to the script (`--json` as npm_config_json=true,
 * `--no-analysis` as npm_config_analysis=), so in the script npm ran, an option of ours found there and not given to
 * us was meant for us. `-q` and `--quiet` npm reads as its own loglevel, warn. (A setting of the same name in a user's
 * .npmrc reads the same and would give a needless note.)
 */
export function npmTakenOptions(program: Command, env: NodeJS.ProcessEnv = process.env, script = process.argv[1]): string[] {
  if (!ranByNpm(env, script)) return [];
  return program.options.flatMap((option) => {
    const name = option.attributeName();
    const key = `npm_config_${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
    const taken = option.long === '--quiet' ? env.npm_config_loglevel === 'warn' : env[key] !== undefined;
    if (!option.long || !taken || program.getOptionValueSource(name) === 'cli') return [];
    return [option.long];
  });
}

/**
 * `npm run start-all -d 5` runs `start-all 5`: npm keeps every option before or after the script's name for itself,
 * and its values are left as arguments. So, in the script npm ran (npm-script.ts), too many
 * arguments are most likely options npm took. (An unknown option reached us, so npm did not take it: no hint then.)
 */
export function npmHint(program: Command, code: string, example?: string, env: NodeJS.ProcessEnv = process.env, script = process.argv[1]): string | null {
  const name = program.name();
  if (code !== 'commander.excessArguments' || !ranByNpm(env, script)) return null;
  return `options go after --, as in: npm run ${name} -- ${example ?? program.usage()} (npm keeps those before it for itself)`;
}
