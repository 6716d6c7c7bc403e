// The options npm took for itself in `npm run <cli> <options>` (no `--`), read back from its npm_config_* variables.
import type { Command, Option } from 'commander';
import { shellWord } from '../text/shell-word.js';
import { ranByNpm } from './npm-script.js';

/** One of our options that npm took: its words when known (`--seed 42`), else with the value's placeholder. */
export interface TakenOption {
  long: string;
  /** The option as the user gave it, as shell words, or with its placeholder (`--seed N`) where the value is not known. */
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
    return [{ long: option.long, words: [option.long, fillIn(placeholder(option))], valueLeft: true, option }];
  });
}

/**
 * The words the user meant after `npm run <cli> --`, from what reached us (`argv`, `args`: commander's positional
 * arguments) and the options npm took; null when they cannot be told. npm leaves the value of an option it
 * read as a flag among the arguments, before those given after `--`, and the arguments' order tells nothing of the
 * options': so the values are placed only in a CLI that takes no arguments of its own (start-all, simulate), where
 * every argument that reached it is one of those values: for one such option (a list's items joined with commas), or
 * for two when one is a list and the one value with a comma is its (`-d 5 -r 1,2,3`: `1,2,3` is no duration).
 */
export function meantWords(program: Command, argv: readonly string[], args: readonly string[], taken: readonly TakenOption[]): string | null {
  if (taken.length === 0) return null;
  const left = taken.filter((t) => t.valueLeft);
  if (left.length === 0 || args.length === 0) return [...argv.map(shellWord), ...taken.flatMap((t) => t.words)].join(' ');
  if (program.registeredArguments.length > 0 || !args.every((arg, i) => argv[i] === arg)) return null;
  const values = valuesOf(left, args);
  if (!values) return null;
  const words = taken.map((t) => (values.has(t) ? [t.long, ...values.get(t)!] : t.words));
  return [...argv.slice(args.length).map(shellWord), ...words.flat()].join(' ');
}

/** Whether an argument npm left reads as a list's items (`1`, `1,3,6`, `0.5,2`). */
export const isListItem = (arg: string): boolean => /^[\d.,]+$/.test(arg);

/**
 * Each left option's value words, from the arguments npm left (see meantWords); null when which is whose cannot be
 * told. One option takes them all (a list's items joined, a variadic option's as they are, or one value); of two, a
 * list takes the one argument with a comma and the other option the one argument left.
 */
function valuesOf(left: readonly TakenOption[], args: readonly string[]): Map<TakenOption, string[]> | null {
  const isList = (t: TakenOption) => isListOption(t.option);
  if (left.length === 1) {
    const only = left[0]!;
    // A list typed as words (`-r 1 3 6`); not when one word is a list already (`-r 1,3,6 -d 20`: 20 is another's).
    const typedAsWords = args.length === 1 || !args.some((arg) => arg.includes(','));
    if (isList(only) && typedAsWords && args.every(isListItem)) return new Map([[only, [args.join(',')]]]);
    return only.option.variadic || args.length === 1 ? new Map([[only, args.map(shellWord)]]) : null;
  }
  const lists = left.filter(isList);
  const withComma = args.filter((arg) => arg.includes(','));
  if (left.length !== 2 || args.length !== 2 || lists.length !== 1 || withComma.length !== 1 || !isListItem(withComma[0]!)) return null;
  const other = left.find((t) => t !== lists[0])!;
  return new Map([
    [lists[0]!, [withComma[0]!]],
    [other, [shellWord(args.find((arg) => arg !== withComma[0])!)]],
  ]);
}

/** Whether an option takes a comma-separated list (`-r, --rates <list>`). */
export const isListOption = (option: Option): boolean => placeholder(option) === '<list>';

/** The value's placeholder in an option's flags: `<n>` of `-s, --seed <n>`. */
export function placeholder(option: Option): string {
  return /[<[][^>\]]*[>\]]/.exec(option.flags)?.[0] ?? '<value>';
}

/**
 * A placeholder as a word to fill in, in capitals without its angle brackets (`<seconds>` as `SECONDS`): pasted as
 * it is, bash would read `<seconds>` as a redirection from a file named `seconds`, where `SECONDS` reaches the command
 * and gets its own error. An optional one keeps its square brackets (`[ID]`).
 */
export function fillIn(placeholder: string): string {
  const name = placeholder.replace(/^<(.*)>$/, '$1').toUpperCase();
  return name.replace(/^\[(.*)\]$/, '[$1]');
}
