// Whether npm took one of a CLI's one-letter options for its own (`npm run start-all -d 5`), from the setting npm exports.
import type { Command } from 'commander';
import { ranByNpm } from './npm-script.js';
import { shellWord } from '../text/shell-word.js';
import { fillIn, placeholder, type TakenOption } from './npm-taken.js';

/**
 * What npm (7 to 11) sets when it reads one of our one-letter options as its own, typed before `--`: `-d` is its
 * `--loglevel info`, `-l` its `--long`, `-c x` its `--call x`; a letter it does not know, `-o`, it exports as
 * npm_config_o=true. `-s` is npm's --loglevel silent, but `npm run -s <cli> -- ...` is the usual way to quiet npm
 * itself, so silence is not taken for a `-s` of ours. (A setting of the same value in an .npmrc reads the same.)
 */
const NPM_SHORT: Record<string, (env: NodeJS.ProcessEnv) => boolean> = {
  '-d': (env) => env.npm_config_loglevel === 'info',
  '-q': (env) => env.npm_config_loglevel === 'warn',
  '-s': () => false,
  '-l': (env) => env.npm_config_long === 'true',
  '-f': (env) => env.npm_config_force === 'true',
  '-p': (env) => env.npm_config_parseable === 'true',
  '-c': (env) => env.npm_config_call !== undefined,
  '-m': (env) => env.npm_config_message !== undefined,
  '-w': (env) => env.npm_config_workspace !== undefined,
};

/** The one-letter options of `program` (not given to it) that npm's exported settings say it took: `['-d']`. */
export function takenShortOptions(program: Command, env: NodeJS.ProcessEnv = process.env): string[] {
  return program.options.flatMap((option) => {
    const short = option.short;
    if (!short || program.getOptionValueSource(option.attributeName()) === 'cli') return [];
    const took = NPM_SHORT[short] ?? ((e: NodeJS.ProcessEnv) => e[`npm_config_${short.slice(1)}`] === 'true');
    return took(env) ? [short] : [];
  });
}

/** npm's settings that take the value typed after one of our letters (`-c x`: npm's --call x), so nothing is left to us. */
const NPM_SHORT_VALUE: Record<string, string> = { '-c': 'npm_config_call', '-m': 'npm_config_message' };

/**
 * The one-letter options of `program` that npm took with their values (`npm run simulate -c my.json` runs simulate with
 * config.json: npm read `-c my.json` as its --call): nothing is left over for an error to catch, so the command runs
 * without them unless told. As npm-taken's options, with the value npm kept.
 */
export function takenShortWithValue(program: Command, env: NodeJS.ProcessEnv = process.env, script = process.argv[1]): TakenOption[] {
  if (!ranByNpm(env, script)) return [];
  return program.options.flatMap((option): TakenOption[] => {
    const short = option.short;
    const variable = short && NPM_SHORT_VALUE[short];
    const value = variable ? env[variable] : undefined;
    if (!short || value === undefined || program.getOptionValueSource(option.attributeName()) === 'cli') return [];
    return [{ long: short, words: [short, shellWord(value)], valueLeft: false, option }];
  });
}

/**
 * The one-letter options of `program` that npm took as flags of its own (`-d`: its --loglevel info), as npm-taken's
 * options: the value typed after one of ours (`-d 5`) is left among the arguments. Those npm took with their values
 * (`-c x`) are takenShortWithValue's.
 */
export function takenShortFlags(program: Command, env: NodeJS.ProcessEnv = process.env): TakenOption[] {
  return takenShortOptions(program, env).flatMap((short): TakenOption[] => {
    const option = program.options.find((o) => o.short === short);
    if (!option || NPM_SHORT_VALUE[short]) return [];
    const takesValue = option.required || option.optional;
    return [{ long: short, words: takesValue ? [short, fillIn(placeholder(option))] : [short], valueLeft: takesValue, option }];
  });
}

/**
 * `-s` as npm may have taken it (its --loglevel silent; `npm run simulate -s 7` runs `simulate 7`): when npm is
 * silent, the CLI takes no arguments of its own (start-all, simulate: every word left over is then an option's value),
 * has a `-s`, no option at all reached it (npm keeps every one typed before `--`) and a word left over (`args`) is a
 * whole number, as a seed is. Asked only once arguments were left over (see npmHint), and even then only maybe:
 * `npm run -s simulate -- 7` looks the same to the script (npm's own process title drops the options).
 */
export function takenSilentShort(program: Command, args: readonly string[], env: NodeJS.ProcessEnv = process.env): TakenOption[] {
  const option = program.options.find((o) => o.short === '-s');
  const anyGiven = program.options.some((o) => program.getOptionValueSource(o.attributeName()) === 'cli');
  if (env.npm_config_loglevel !== 'silent' || program.registeredArguments.length > 0 || !option || anyGiven || !args.some((arg) => /^\d+$/.test(arg))) return [];
  const takesValue = option.required || option.optional;
  return [{ long: '-s', words: takesValue ? ['-s', fillIn(placeholder(option))] : ['-s'], valueLeft: takesValue, option }];
}
