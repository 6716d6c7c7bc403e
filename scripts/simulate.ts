// Entry point of `npm run simulate`: parses the command line and simulates one run in virtual time.
import { runCli } from '../src/cli/run-cli.js';
import { runSimulateCli } from '../src/sim/simulate-command.js';

await runCli('simulate', () => runSimulateCli(process.argv.slice(2)));
