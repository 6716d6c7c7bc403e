// Entry point of `npm run start-all`: parses the command line and runs every machine of the config.
import { runCli } from '../src/cli/run-cli.js';
import { runStartAllCli } from '../src/cli/start-all-command.js';

await runCli('start-all', () => runStartAllCli(process.argv.slice(2)));
