// Entry point of `npm run bench`: parses the command line and runs the benchmarks.
import { runCli } from '../src/cli/run-cli.js';
import { runBenchCli } from '../src/bench/bench-command.js';

await runCli('bench', () => runBenchCli(process.argv.slice(2)));
