// The options npm took for itself in `npm run <cli> <options>` (no `--`), read back from its npm_config_* variables.
import type { Command, Option } from 'commander';
import { shellWord } from '../text/shell-word.js';
import { ranByNpm } from './npm-script.js';

/** One of our options that npm took: its words when known (`--seed 42`), else with the value's placeholder. */
export interface TakenOption {
  long: string;
  /** The option as the user gave it, as shell words, or with its placeholder (`--seed <n>`) where the value is not known. */
  words: string[];
  /**
   * npm read it as a flag (`--seed 42`: npm_config_seed=true), so the value typed after it, if any, is among the
   * arguments npm left to the script. (`--seed=42` gives npm_config_seed=42: known.)
   */
  valueLeft: boolean;
  option: Option;
}

/**
 * The options of `program` that npm took for itself in `npm run <cli> <options>` (without `--`): npm keeps every
 * option for itself and exports each as npm_config_<name> to the script, dashes as underscores (`--json` as
 * npm_config_json=true, `--no-analysis` as npm_config_analysis=, `--log-dir=x` as npm_config_log_dir=x, and
 * `--log-dir x` as npm_config_log_dir=true, the x left as an argument), so in the script npm ran, an option of ours
 * found there and not given to us was meant for us. `-q` and `--quiet` npm reads as its own loglevel, warn. (A setting
 * of the same name in a user's .npmrc reads the same and would give a needless note.)
 */
export function takenOptions(program: Command, env: NodeJS.ProcessEnv = process.env, script = process.argv[1]): TakenOption[] {
  if (!ranByNpm(env, script)) return [];
  return program.options.flatMap((option): TakenOption[] => {
    const name = option.attributeName();
    if (!option.long || program.getOptionValueSource(name) === 'cli') return [];
    if (option.long === '--quiet') return env.npm_config_loglevel === 'warn' ? [{ long: option.long, words: [option.long], valueLeft: false, option }] : [];
    const value = env[`npm_config_${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`];
    if (value === undefined) return [];
    if (!option.required && !option.optional) return [{ long: option.long, words: [option.long], valueLeft: false, option }];
    if (value !== 'true') return [{ long: option.long, words: [option.long, shellWord(value)], valueLeft: false, option }];
    return [{ long: option.long, words: [option.long, placeholder(option)], valueLeft: true, option }];
  });
}

/**
 * The words the user meant after `npm run <cli> --`, from what reached us (`argv`, `args`: commander's positional
 * arguments) and the options npm took; null when they cannot be told. npm leaves the value of an option it
 * read as a flag among the arguments, before those given after `--`, and the arguments' order tells nothing of the
 * options': so the values are placed only for one such option, in a CLI that takes no arguments of its own (start-all,
 * simulate), where every argument that reached it is one of those values (a list's items joined with commas).
 */
export function meantWords(program: Command, argv: readonly string[], args: readonly string[], taken: readonly TakenOption[]): string | null {
  if (taken.length === 0) return null;
  const left = taken.filter((t) => t.valueLeft);
  let rest = [...argv];
  let words = taken.map((t) => t.words);
  if (left.length > 0 && args.length > 0) {
    const [only] = left;
    // A list's items typed as separate words (`npm run start-all -r 1 3 6`) are its one comma-separated value.
    const list = placeholder(only!.option) === '<list>' && args.every((arg) => /^[\d.,]+$/.test(arg));
    const fits = left.length === 1 && program.registeredArguments.length === 0 && (only!.option.variadic || list || args.length === 1);
    if (!fits || !args.every((arg, i) => argv[i] === arg)) return null;
    rest = argv.slice(args.length);
    const value = list ? [args.join(',')] : args.map(shellWord);
    words = taken.map((t) => (t === only ? [t.long, ...value] : t.words));
  }
  return [...rest.map(shellWord), ...words.flat()].join(' ');
}

/** The value's placeholder in an option's flags: `<n>` of `-s, --seed <n>`. */
export function placeholder(option: Option): string {
  return /[<[][^>\]]*[>\]]/.exec(option.flags)?.[0] ?? '<value>';
}
