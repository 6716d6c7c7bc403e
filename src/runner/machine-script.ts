// Where the machine entry lives once built: the tsc output and the single-file bundle that processes actually run.
import { fileURLToPath } from 'node:url';

/** The machine entry as tsc writes it (dist/scripts/machine.js). */
export const MACHINE_ENTRY = fileURLToPath(new URL('../../scripts/machine.js', import.meta.url));

/** The bundled machine (dist/bundle/machine.mjs, made by `npm run build`): what start-all and `npm run machine` run. */
export const MACHINE_BUNDLE = fileURLToPath(new URL('../../bundle/machine.mjs', import.meta.url));
