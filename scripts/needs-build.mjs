// Loaded before every command npm runs (node --import): a clone not yet installed or built gets one line and exit 2,
// not Node's stack trace for a module it cannot find. Plain JavaScript, since it runs before anything is built.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const script = process.argv[1];
const packages = fileURLToPath(new URL('../node_modules/commander', import.meta.url));
const missing = !existsSync(packages) ? 'its packages are not installed' : script && !existsSync(script) ? `${script} is not built` : undefined;
if (missing) {
  process.stderr.write(`lamport-lab: ${missing} yet: run npm install first (it installs the packages and builds the tool), then this command again\n`);
  process.exit(2);
}
