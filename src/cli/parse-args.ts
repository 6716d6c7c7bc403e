// Parses a CLI's argv with commander: errors are thrown (runCli turns them into exit 2) and printed as `<cli>: error: ...`,
// the same shape as every other error line of ours; under `npm run` without `--`, a hint says where options go.
import type { Command, CommanderError } from 'commander';
import { UsageError } from '../config/errors.js';
import { ranByNpm } from './npm-script.js';
import { isListItem, isListOption, meantWords, takenOptions, type TakenOption } from './npm-taken.js';
import { takenShortFlags, takenShortWithValue, takenSilentShort } from './npm-short-taken.js';

/**
 * Why a command does not run when npm took its config option (`npm run start-all -c my.json` is npm's --call): another
 * config names other machines on other ports, so a run with the default one is not the run asked for.
 */
const CONFIG_TAKEN = 'would use config.json instead of the config you named';

/**
 * Why check does not run when npm took its --strict: the plain check passes a log that ends without its stop record,
 * so a grader reading only the exit code would see a pass where --strict fails.
 */
const STRICT_TAKEN = 'would be the plain check, which passes a log that ends without its stop record (--strict fails it)';

/**
 * Why analyze and check do not run when npm took their --json: a program reading the output (`| jq`, a grading
 * script) would get the text report, which it cannot parse, under the exit code of a good run.
 */
const JSON_TAKEN = 'would print the text report where JSON was asked for';

/** The options whose loss to npm stops a command rather than just being noted, and why. */
const REFUSED_WHEN_TAKEN: Record<string, string> = { config: CONFIG_TAKEN, strict: STRICT_TAKEN, json: JSON_TAKEN };

/**
 * The words after `npm run <cli> --` when which value was whose cannot be told: the CLI's arguments as its usage shows
 * them, to fill in (`RUN-DIR...`, `[ID]`), then the options npm took, their values where known, else placeholders.
 */
const placeholderWords = (program: Command, taken: readonly TakenOption[]): string =>
  [
    ...program.registeredArguments.map((a) => {
      const name = `${a.name().toUpperCase()}${a.variadic ? '...' : ''}`;
      return a.required ? name : `[${name}]`;
    }),
    ...taken.map((t) => t.words.join(' ')),
  ].join(' ');

/**
 * The command to type: the one meant, when what npm left tells it (meantWords), else the CLI's arguments and the
 * options npm took with placeholders for what cannot be told (a fixed example, `-d 5`, named another option than the
 * ones typed, or dropped some of them). Quieted (`npm run -s`) as it was typed, and always for --json: npm's own
 * lines would go first to the program reading the JSON.
 */
function commandToType(program: Command, argv: readonly string[], taken: readonly TakenOption[], env: NodeJS.ProcessEnv): string {
  // npm silent from a `-s` of ours it took (takenSilentShort) is not the user's `npm run -s`.
  const silent = env.npm_config_loglevel === 'silent' && !taken.some((t) => t.long === '-s');
  const quiet = silent || taken.some((t) => t.option.attributeName() === 'json');
  const words = meantWords(program, argv, program.args, taken) ?? placeholderWords(program, taken);
  return `npm run ${quiet ? '-s ' : ''}${program.name()} -- ${words}`;
}

/**
 * Parses `argv` (without node and script) into `program` and returns it; under npm, a hint says where options go when
 * npm took some for itself. `refuseTaken` says why the command must not run without options npm took (it would run
 * for long and replace published results), from the options it was given: it then stops with that error instead of
 * the note. Options whose loss
 * changes what a run or a grader gets (a config, check's --strict, --json) are refused the same way in every command
 * (REFUSED_WHEN_TAKEN).
 */
export function parseArgs(program: Command, argv: string[], refuseTaken?: (parsed: Command) => string): Command {
  program
    .exitOverride((err: CommanderError) => {
      const hint = npmHint(program, err.code, process.env, process.argv[1], argv);
      if (hint) process.stderr.write(`${program.name()}: ${hint}\n`);
      throw err;
    })
    .configureOutput({ outputError: (message, write) => write(`${program.name()}: ${withUsage(program, extraNamed(program, argv, suggestionInline(argumentWording(message))))}`) });
  program.parse(argv, { from: 'user' });
  const taken = [...takenOptions(program), ...takenShortWithValue(program)];
  if (taken.length > 0) {
    const flags = taken.map((t) => t.long).join(' ');
    const example = commandToType(program, argv, taken, process.env);
    const refuse = refuseTaken?.(program) ?? taken.map((t) => REFUSED_WHEN_TAKEN[t.option.attributeName()]).find((why) => why !== undefined);
    if (refuse) throw new UsageError(`npm took ${flags} for itself; without ${taken.length === 1 ? 'it' : 'them'} this ${refuse}: options go after --, as in: ${example}`);
    process.stderr.write(`${program.name()}: note: npm took ${flags} for itself, so ${taken.length === 1 ? 'it was' : 'they were'} not applied: options go after --, as in: ${example}\n`);
  }
  return program;
}

/**
 * An argument's bad value in the words commander uses for an option's (`error: argument 'id' value 'abc' is invalid.
 * Not a number.`, not commander's `command-argument value 'abc' is invalid for argument 'id'`); other errors as they are.
 */
function argumentWording(message: string): string {
  return message.replace(/^error: command-argument value '(.*)' is invalid for argument '([^']*)'\./s, "error: argument '$2' value '$1' is invalid.");
}

/**
 * Commander's suggestion for a mistyped option on the error's own line, as every error of ours is one line:
 * `error: unknown option '--rate' (did you mean --rates?)`, not a second line `(Did you mean --rates?)`.
 */
function suggestionInline(message: string): string {
  return message.replace(/\n\(Did you mean (.*)\?\)/, ' (did you mean $1?)');
}

/**
 * Too many arguments, with the ones left over named: `error: too many arguments. Expected 0 arguments but got 1:
 * unexpected argument 'extra'.` (commander has set `program.args` when it says so); other errors as they are.
 */
function extraNamed(program: Command, argv: readonly string[], message: string): string {
  const extra = program.args.slice(program.registeredArguments.length);
  if (!message.startsWith('error: too many arguments') || extra.length === 0) return message;
  const named = `unexpected argument${extra.length === 1 ? '' : 's'} ${extra.map((arg) => `'${arg}'`).join(', ')}`;
  return message.replace(/\.(\s*)$/, `: ${named}${listHint(program, argv, extra)}.$1`);
}

/**
 * ` (a list is one word, with commas: -r 1,3,6)` when the extra arguments are the rest of a list option's items typed
 * as separate words (`-r 1 3 6`); else nothing.
 */
function listHint(program: Command, argv: readonly string[], extra: readonly string[]): string {
  for (const option of program.options) {
    if (!isListOption(option)) continue;
    const at = argv.findIndex((arg) => arg === option.short || arg === option.long);
    const items = at < 0 ? [] : argv.slice(at + 1, at + 2 + extra.length);
    if (items.length === extra.length + 1 && items.every(isListItem) && extra.every((word, i) => word === items[i + 1])) {
      return ` (a list is one word, with commas: ${argv[at]} ${items.join(',')})`;
    }
  }
  return '';
}

/**
 * A missing argument's error with the usage that shows where it goes (`error: missing required argument 'run-dir'
 * (usage: check [options] <run-dir>...; --help for more)`); other errors as they are.
 */
function withUsage(program: Command, message: string): string {
  if (!message.startsWith('error: missing required argument')) return message;
  return `${message.trimEnd()} (usage: ${program.name()} ${program.usage()}; --help for more)\n`;
}

/**
 * `npm run start-all -d 5` runs `start-all 5`: npm keeps every option before or after the script's name for itself,
 * and its values are left as arguments. So, in the script npm ran (npm-script.ts), too many arguments may be values of
 * options npm took: said only when npm's exported settings show it took one of ours (npm-taken.ts,
 * npm-short-taken.ts); otherwise the extra argument is the user's own (`npm run simulate -- extra`) and the error says
 * it all. (An unknown option reached us, so npm did not take it: no hint then.)
 */
export function npmHint(program: Command, code: string, env: NodeJS.ProcessEnv = process.env, script = process.argv[1], argv: readonly string[] = program.args): string | null {
  if (code !== 'commander.excessArguments' || !ranByNpm(env, script)) return null;
  // Every option npm took: long ones, one-letter ones with their values (`-c my.json`) and as flags (`-d`), so that the
  // command shown keeps them all (a hint without `-c my.json` would run on config.json's ports).
  // (`-q` and `--quiet` both read as npm's loglevel warn: one option, named once.)
  const named = [...takenOptions(program, env, script), ...takenShortWithValue(program, env, script)];
  const known = [...named, ...takenShortFlags(program, env).filter((t) => !named.some((n) => n.option === t.option))];
  // A silent npm may have taken our seed's `-s` (see takenSilentShort), when the options known to be taken do not
  // account for every word left (`npm run -s start-all -r 1 3 6` is npm quieted, and a list typed as words): a maybe.
  const seed = known.length === 0 || meantWords(program, argv, program.args, known) === null ? takenSilentShort(program, program.args, env) : [];
  const taken = [...known, ...seed];
  if (taken.length === 0) return null;
  const meant = commandToType(program, argv, taken, env);
  const maybe = seed.length ? `; it reads a -s as its own --silent, which also hides a -d or -q typed before it: this line takes your -s as ${program.name()}'s seed` : '';
  return `options go after --, as in: ${meant} (npm keeps those before it for itself${maybe})`;
}
