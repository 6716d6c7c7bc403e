// Entry point of `npm run machine -- <id>`: parses the command line and runs one machine.
import { runCli } from '../src/cli/run-cli.js';
import { runMachineCli } from '../src/cli/machine-command.js';

await runCli('machine', () => runMachineCli(process.argv.slice(2)));
