// `npm run start-all`: runs every configured machine as its own process and prints the summary at the end.
import { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import { resolveRun } from '../config/resolve.js';
import { createRunFolder } from '../runner/run-folder.js';
import { checkPortsFree } from '../runner/preflight.js';
import { describeResult, startAll } from '../runner/start-all.js';
import { parseNonNegative, parseProbability, parseRange, parseRates, parseSeed } from './options.js';
import { pickSeed } from './pick-seed.js';

interface StartAllCliOptions {
  config: string;
  duration?: number;
  rates?: number[];
  seed?: number;
  internalProb?: number;
  stagger?: number;
  delay?: [number, number];
  logDir?: string;
  quiet?: boolean;
}

export function startAllCommand(): Command {
  return new Command('start-all')
    .description('Start every machine of the config as its own process, run for the duration (or until Ctrl+C), stop them together, print a summary.')
    .option('-c, --config <file>', 'config file', 'config.json')
    .option('-d, --duration <seconds>', 'seconds to run; 0 runs until Ctrl+C (default: config durationSeconds)', parseNonNegative)
    .option('-r, --rates <list>', 'ticks per second per machine in id order, e.g. 1,3,6 (default: config, else seeded)', parseRates)
    .option('-s, --seed <n>', 'seed for rates and draws (default: config seed, else a fresh one, recorded)', parseSeed)
    .option('-p, --internal-prob <p>', 'probability of an internal event on an empty queue', parseProbability)
    .option('--stagger <ms>', 'delay between machine starts (default: config staggerMs)', parseNonNegative)
    .option('--delay <min-max>', 'network delay per frame in ms, uniform (default: config delayMs)', parseRange)
    .option('-l, --log-dir <dir>', 'run folder (default: logs/<YYYYMMDD-HHMMSS>-<seed>/)')
    .option('-q, --quiet', 'no live display; print only the summary');
}

/** Parses argv (without node and script), runs the machines, prints the summary; returns the exit code. */
export async function runStartAllCli(argv: string[]): Promise<number> {
  const program = startAllCommand().exitOverride();
  program.parse(argv, { from: 'user' });
  const opts = program.opts<StartAllCliOptions>();
  const config = loadConfig(opts.config);
  const run = resolveRun(
    config,
    { seed: opts.seed, rates: opts.rates, internalProbability: opts.internalProb, durationSeconds: opts.duration, staggerMs: opts.stagger, delayMs: opts.delay },
    pickSeed,
  );
  await checkPortsFree(run.config);
  const dir = createRunFolder({ logDir: opts.logDir, seed: run.seed, now: new Date() });
  const out = process.stdout;
  const rates = run.ids.map((id) => `M${id} ${run.rates.get(id)}/s`).join(', ');
  const length = run.config.durationSeconds > 0 ? `for ${run.config.durationSeconds} s` : 'until Ctrl+C';
  out.write(`starting ${run.ids.length} machines (${rates}), seed ${run.seed}, ${length}; logs in ${dir}\n`);

  let onSignal: () => void = () => {};
  const interrupted = new Promise<void>((resolve) => {
    let count = 0;
    onSignal = () => {
      if (count++ === 0) resolve();
      else out.write(`still waiting for machines to flush their logs (force-kill after ${2 * run.config.shutdownGraceMs / 1000 + 5} s)\n`);
    };
  });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await startAll({ run, configPath: opts.config, dir, quiet: !!opts.quiet, out, err: process.stderr, interrupted });
    out.write(`${result.interrupted ? 'interrupted; ' : ''}run ended\n${describeResult(result, dir)}\n`);
    const failed = result.exits.filter((e) => e.exitCode !== 0);
    if (failed.length === 0) return 0;
    return failed.some((e) => e.early && e.exitCode === 2) ? 2 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
