// Runs the test files of test/fixtures/jest (tests that fail on purpose) in a jest of their own, with this repo's config.
import { execa } from 'execa';
import { fromRoot } from './repo.js';

/** Runs jest on test/fixtures/jest/<name>.fixture.ts with `env` added; resolves with its exit code, output, and whether it had to be stopped. */
export function runJestFixture(name: string, env: Record<string, string>) {
  const jest = fromRoot('node_modules', 'jest', 'bin', 'jest.js');
  const args = ['--config', fromRoot('jest.config.js'), '--roots', fromRoot('test', 'fixtures', 'jest'), '--testMatch', `**/${name}.fixture.ts`, '--runInBand'];
  return execa(process.execPath, ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning', jest, ...args], {
    reject: false,
    stdin: 'ignore',
    cwd: fromRoot(),
    env,
    timeout: 50_000,
  });
}
