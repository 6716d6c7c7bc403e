// How a machine process is started: where the machine entry lives once built (the tsc output and the single-file
// bundle that processes actually run) and the Node flags it runs with.
import { fileURLToPath } from 'node:url';

/** The machine entry as tsc writes it (dist/scripts/machine.js). */
export const MACHINE_ENTRY = fileURLToPath(new URL('../../scripts/machine.js', import.meta.url));

/** The bundled machine (dist/bundle/machine.mjs, made by `npm run build`): what start-all and `npm run machine` run. */
export const MACHINE_BUNDLE = fileURLToPath(new URL('../../bundle/machine.mjs', import.meta.url));

/**
 * Node flags of a machine process. V8's memory reducer runs a full mark-compact about 8 s after start (5 ms on the main
 * thread, more on helper threads); machines started together run it together, and a 10-machine mesh at 100 ticks/s saw
 * ticks 10-35 ms late at that moment. A machine's heap stays small (under 10 MB), so nothing needs reducing.
 * The same flags are written out in package.json's `machine` script and scripts/netns-demo.sh: change all three.
 */
export const MACHINE_NODE_FLAGS: readonly string[] = ['--no-memory-reducer'];
