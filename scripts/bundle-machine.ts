// Build step after tsc: bundles the machine entry (dist/scripts/machine.js and everything it imports, winston, zod and
// commander included) into one file, dist/bundle/machine.mjs. A machine process then loads one module instead of a
// few hundred, which cuts its start-up CPU by about 40%: what lets start-all bring up 50 machines at once on 2 cores.
// Then it builds the machine's startup snapshots (dist/bundle/machine.blob, and machine-jitless.blob for V8 without its
// compilers) from the same code bundled as CommonJS: a process started from one has every module loaded already,
// another quarter less CPU per start.
import { rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { execa } from 'execa';
import {
  JIT_BUILD,
  JITLESS_BUILD,
  MACHINE_BUNDLE,
  MACHINE_ENTRY,
  MACHINE_SNAPSHOT_ENTRY,
  MACHINE_SNAPSHOT_SCRIPT,
  snapshotVersionFile,
} from '../src/runner/machine-script.js';

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  // jsonc-parser's main build is UMD, whose require() calls of its own files no bundler can follow: use its ES modules.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

await build({
  ...common,
  entryPoints: [MACHINE_ENTRY],
  outfile: MACHINE_BUNDLE,
  format: 'esm',
  // Bundled CommonJS packages (winston, split2) call require() for Node's built-in modules: give them one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});

// CommonJS has no import.meta: its url is left undefined, so tool-version.ts finds no project there (`--version` is
// for the machine CLI, which runs the ES module bundle; start-all's machines never ask).
await build({ ...common, entryPoints: [MACHINE_SNAPSHOT_ENTRY], outfile: MACHINE_SNAPSHOT_SCRIPT, format: 'cjs', define: { 'import.meta.url': 'undefined' } });
// One snapshot per build (a snapshot loads only under the V8 flags that built it): start-all runs a machine at up to
// JITLESS_MAX_RATE ticks/s jitless, faster ones with V8's compilers.
for (const { flags, blob } of [JIT_BUILD, JITLESS_BUILD]) {
  rmSync(blob, { force: true });
  rmSync(snapshotVersionFile(blob), { force: true });
  // --no-warnings: Node notes that it has not verified every built-in module in a snapshot; the tests run the machine
  // from this snapshot (test/runner/machine-snapshot.test.ts, and every start-all test).
  const snapshot = await execa(process.execPath, ['--no-warnings', ...flags, '--snapshot-blob', blob, '--build-snapshot', MACHINE_SNAPSHOT_SCRIPT], {
    reject: false,
    stdin: 'ignore',
  });
  if (snapshot.exitCode === 0) {
    writeFileSync(snapshotVersionFile(blob), `${process.version}\n`);
  } else {
    const why = snapshot.stderr.trim().split('\n').at(-1) || `exit code ${snapshot.exitCode}`;
    console.warn(`bundle-machine: no startup snapshot ${basename(blob)} (${why}); start-all runs those machines from ${MACHINE_BUNDLE}`);
  }
}
