// Entry point of `npm run sweep`: parses the command line and runs a parameter sweep in virtual time.
import { runCli } from '../src/cli/run-cli.js';
import { runSweepCli } from '../src/sweep/sweep-command.js';

await runCli('sweep', () => runSweepCli(process.argv.slice(2)));
