// Entry point of `npm run experiments`: runs the experiment plan and writes the results.
import { runCli } from '../src/cli/run-cli.js';
import { runExperimentsCli } from '../src/experiments/experiments-command.js';

await runCli('experiments', () => runExperimentsCli(process.argv.slice(2)));
