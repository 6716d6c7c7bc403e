// Entry point of `npm run check`: parses the command line and checks a run folder against the Lamport rules.
import { runCli } from '../src/cli/run-cli.js';
import { runCheckCli } from '../src/analysis/check-command.js';

await runCli('check', () => runCheckCli(process.argv.slice(2)));
