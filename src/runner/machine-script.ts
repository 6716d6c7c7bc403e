// How a machine process is started: where the machine entry lives once built (the tsc output, the single-file bundle
// and the startup snapshot that processes actually run) and the Node arguments it runs with.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The machine entry as tsc writes it (dist/scripts/machine.js). */
export const MACHINE_ENTRY = fileURLToPath(new URL('../../scripts/machine.js', import.meta.url));

/** The bundled machine (dist/bundle/machine.mjs, made by `npm run build`): what `npm run machine` runs. */
export const MACHINE_BUNDLE = fileURLToPath(new URL('../../bundle/machine.mjs', import.meta.url));

/** The snapshot's entry as tsc writes it, and bundled into one CommonJS file (what a snapshot is built from). */
export const MACHINE_SNAPSHOT_ENTRY = fileURLToPath(new URL('../../scripts/machine-snapshot.js', import.meta.url));
export const MACHINE_SNAPSHOT_SCRIPT = fileURLToPath(new URL('../../bundle/machine-snapshot.cjs', import.meta.url));

/** The machine's startup snapshot (dist/bundle/machine.blob, made by `npm run build`): what start-all runs. */
export const MACHINE_SNAPSHOT = fileURLToPath(new URL('../../bundle/machine.blob', import.meta.url));

/** The same snapshot built for Node run with JITLESS_FLAGS (a snapshot loads only under the V8 flags that built it). */
export const MACHINE_JITLESS_SNAPSHOT = fileURLToPath(new URL('../../bundle/machine-jitless.blob', import.meta.url));

/** The file next to a snapshot that names the Node version that built it: a snapshot only loads in that Node. */
export const snapshotVersionFile = (blob: string): string => `${blob}.node-version`;

/**
 * Node flags of a machine process. V8's memory reducer runs a full mark-compact about 8 s after start (5 ms on the main
 * thread, more on helper threads); machines started together run it together, and a 10-machine mesh at 100 ticks/s saw
 * ticks 10-35 ms late at that moment. A machine's heap stays small (under 10 MB), so nothing needs reducing.
 * The same flags are written out in package.json's `machine` script and scripts/netns-demo.sh: change all three.
 */
export const MACHINE_NODE_FLAGS: readonly string[] = ['--no-memory-reducer'];

/**
 * V8 without its compilers (every function interpreted; no WebAssembly, whose absence Node would otherwise warn of).
 * A machine at 100 ticks/s spends its CPU on being woken, not on running its JavaScript: interleaved pairs of
 * 50-machine meshes used a tenth less CPU and had a fifth less p99 lateness jitless, and 3 machines at 1,000/s used
 * 12 MB less memory each. The price is speed per call: the receive path reads about 1.5 M frames/s jitless against 10 M
 * with the compilers, and at 5,000 ticks/s a machine uses a fifth more CPU. See BENCHMARKS.md, item 32.
 */
export const JITLESS_FLAGS: readonly string[] = ['--jitless', '--no-expose-wasm'];

/** The highest tick rate at which start-all runs a machine jitless; faster machines keep V8's compilers. */
export const JITLESS_MAX_RATE = 1000;

/** How a machine process runs: its Node flags and the snapshot built under those flags. */
export interface MachineBuild {
  flags: readonly string[];
  blob: string;
}

export const JIT_BUILD: MachineBuild = { flags: MACHINE_NODE_FLAGS, blob: MACHINE_SNAPSHOT };
export const JITLESS_BUILD: MachineBuild = { flags: [...MACHINE_NODE_FLAGS, ...JITLESS_FLAGS], blob: MACHINE_JITLESS_SNAPSHOT };

/** The build start-all runs a machine ticking at `rate` with: jitless up to JITLESS_MAX_RATE. */
export const machineBuildFor = (rate: number | undefined): MachineBuild =>
  rate !== undefined && rate <= JITLESS_MAX_RATE ? JITLESS_BUILD : JIT_BUILD;

/**
 * Environment variables a machine process is started without. NODE_EXTRA_CA_CERTS makes Node read and parse a file of
 * certificates as it starts (220 KB on the hosts we measured on: 45-50 ms of CPU per machine, a third of a machine's
 * start); a machine makes no TLS connection, so it never needs them.
 */
export const MACHINE_ENV_DROPPED: readonly string[] = ['NODE_EXTRA_CA_CERTS'];

/** The environment of a machine process: start-all's own, less MACHINE_ENV_DROPPED. */
export function machineEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of MACHINE_ENV_DROPPED) delete copy[name];
  return copy;
}

/**
 * Node's arguments before a machine's own, for a build: its flags, then its startup snapshot when this Node built it
 * (it loads nothing, about a quarter less CPU to start a machine), else the bundle. With a snapshot there is no script to end
 * Node's own options, so `--` does: the machine's `--help` or `-p` are not Node's.
 */
export function machineLaunchArgs(build: MachineBuild = JIT_BUILD, nodeVersion = process.version): string[] {
  let builtBy: string | undefined;
  try {
    builtBy = readFileSync(snapshotVersionFile(build.blob), 'utf8').trim();
  } catch {
    builtBy = undefined;
  }
  const code = builtBy === nodeVersion && existsSync(build.blob) ? ['--snapshot-blob', build.blob, '--'] : [MACHINE_BUNDLE];
  return [...build.flags, ...code];
}

/**
 * A machine launched held: `/bin/sh` waits for a line on its standard input, then replaces itself with the machine
 * (exec, same pid), so a held machine costs no CPU until released. Its stdin closing unread (start-all gone) ends it.
 * start-all spawns every machine of a run held and then releases them: spawning is a fork of start-all, about 10 ms
 * of CPU here, and a machine released at once spends 100-150 ms starting up, so spawning 50 one after the other
 * competed with the ones already starting (4.9 s to spawn 50) and the last machine started about 6 s after the first.
 */
export const HELD_SHELL = '/bin/sh';
export const HELD_SCRIPT = 'read _ || exit 1; exec "$0" "$@"';

/** The command and arguments that start a machine held: `HELD_SHELL -c HELD_SCRIPT <node> <node args> <machine args>`. */
export function heldLaunch(nodeArgs: readonly string[], execPath = process.execPath): [string, string[]] {
  return [HELD_SHELL, ['-c', HELD_SCRIPT, execPath, ...nodeArgs]];
}
