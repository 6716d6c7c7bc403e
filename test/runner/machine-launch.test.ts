// How start-all launches a machine process: held until released (a shell that waits for a line, then execs the
// machine), in its own environment without NODE_EXTRA_CA_CERTS (Node would read and parse that file at every start).
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { HELD_SCRIPT, HELD_SHELL, JIT_BUILD, MACHINE_ENV_DROPPED, heldLaunch, machineEnv, machineLaunchArgs } from '../../src/runner/machine-script.js';
import type * as MachineProcessModule from '../../src/runner/machine-process.js';
import { fromRoot } from '../helpers/repo.js';

/** start-all's MachineProcess as built (dist): its launch paths point at the built snapshot and bundle. */
const builtMachineProcess = async (): Promise<typeof MachineProcessModule.MachineProcess> =>
  ((await import(pathToFileURL(fromRoot('dist', 'src', 'runner', 'machine-process.js')).href)) as typeof MachineProcessModule).MachineProcess;
const builtBlob = fromRoot('dist', 'bundle', 'machine.blob');

const MISSING_CERTS = '/nonexistent/lamport-lab-test/extra-certs.pem';

describe('machineEnv', () => {
  test('drops NODE_EXTRA_CA_CERTS and keeps everything else', () => {
    const env = machineEnv({ PATH: '/usr/bin', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt', NODE_OPTIONS: '--trace-warnings', LAMPORT_DEBUG: '1' });
    expect(env).toEqual({ PATH: '/usr/bin', NODE_OPTIONS: '--trace-warnings', LAMPORT_DEBUG: '1' });
    expect(MACHINE_ENV_DROPPED).toEqual(['NODE_EXTRA_CA_CERTS']);
  });

  test('leaves the environment it was given unchanged', () => {
    const given = { NODE_EXTRA_CA_CERTS: 'certs.pem' };
    machineEnv(given);
    expect(given).toEqual({ NODE_EXTRA_CA_CERTS: 'certs.pem' });
  });
});

describe('a machine started by start-all', () => {
  const saved = process.env.NODE_EXTRA_CA_CERTS;
  beforeAll(() => {
    process.env.NODE_EXTRA_CA_CERTS = MISSING_CERTS;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
    else process.env.NODE_EXTRA_CA_CERTS = saved;
  });

  test('with the variable, Node warns on every start that it cannot load the certificates (the premise)', async () => {
    const r = await execa(process.execPath, [...machineLaunchArgs({ ...JIT_BUILD, blob: builtBlob }), '1', '--help'], { reject: false, stdin: 'ignore' });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain(`Ignoring extra certs from \`${MISSING_CERTS}\``);
  });

  test('starts without it: no certificate file is read, so no warning', async () => {
    const MachineProcess = await builtMachineProcess();
    const machine = new MachineProcess(1, ['--help'], { killAfterMs: 5000 });
    const exit = await machine.exited;
    expect(exit.exitCode).toBe(0);
    expect(exit.stderrTail).toBe('');
  });
});

describe('how Node runs a machine', () => {
  const builtJitlessBlob = fromRoot('dist', 'bundle', 'machine-jitless.blob');

  test.each([
    [1, true],
    [100, true],
    [1000, true],
    [1001, false],
    [5000, false],
    [undefined, false],
  ])('at rate %p: jitless %p, from the snapshot built for it', async (rate, jitless) => {
    const MachineProcess = await builtMachineProcess();
    const machine = new MachineProcess(1, ['--help'], { killAfterMs: 5000, rate });
    expect(machine.nodeArgs.includes('--jitless')).toBe(jitless);
    expect(machine.nodeArgs).toContain(jitless ? builtJitlessBlob : builtBlob);
    const exit = await machine.exited;
    expect(exit).toMatchObject({ exitCode: 0, stderrTail: '' });
  });
});

describe('a held machine', () => {
  test('is a shell that execs node with every argument as given', () => {
    expect(heldLaunch(['--snapshot-blob', 'm.blob', '--', '1', '--log-dir', 'a b'], '/usr/bin/node')).toEqual([
      HELD_SHELL,
      ['-c', HELD_SCRIPT, '/usr/bin/node', '--snapshot-blob', 'm.blob', '--', '1', '--log-dir', 'a b'],
    ]);
  });

  test('starts when released: the machine runs and exits as it would have', async () => {
    const MachineProcess = await builtMachineProcess();
    const machine = new MachineProcess(1, ['--help'], { killAfterMs: 5000, held: true });
    machine.release();
    machine.release(); // a second release changes nothing
    const exit = await machine.exited;
    expect(exit).toMatchObject({ exitCode: 0, stderrTail: '' });
  });

  test('never starts when discarded: the shell exits 1 without running the machine', async () => {
    const MachineProcess = await builtMachineProcess();
    const machine = new MachineProcess(1, ['--bogus'], { killAfterMs: 5000, held: true });
    machine.discard();
    const exit = await machine.exited;
    // The machine would have said "unknown option '--bogus'" on stderr.
    expect(exit).toMatchObject({ exitCode: 1, stderrTail: '', early: false });
  });
});
