// Entry of the machine's startup snapshots (dist/bundle/machine.blob and machine-jitless.blob, built by `npm run build`):
// every module is loaded when a snapshot is built, so a machine process started from it skips loading and runs the
// machine CLI at once.
import { startupSnapshot } from 'node:v8';
import { runCli } from '../src/cli/run-cli.js';
import { runMachineCli } from '../src/cli/machine-command.js';

// A process started from a snapshot has no script in its argv: node, then the machine's own arguments.
startupSnapshot.setDeserializeMainFunction(() => void runCli('machine', () => runMachineCli(process.argv.slice(1))));
