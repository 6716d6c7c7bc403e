// Whether npm took one of a CLI's one-letter options for its own (`npm run start-all -d 5`), from the setting npm exports.
import type { Command } from 'commander';

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
