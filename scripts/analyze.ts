// Entry point of `npm run analyze`: parses the command line and prints the analysis of one or more run folders.
import { runCli } from '../src/cli/run-cli.js';
import { runAnalyzeCli } from '../src/analysis/analyze-command.js';

await runCli('analyze', () => runAnalyzeCli(process.argv.slice(2)));
