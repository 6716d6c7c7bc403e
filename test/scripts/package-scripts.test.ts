// package.json's developer scripts: test:file runs the same jest command as npm test, after a build; one build command.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string }; scripts: Record<string, string> };
const { scripts } = pkg;

describe('package.json scripts', () => {
  test('npm test runs jest serially, said outright, after the build its pretest makes', () => {
    expect(scripts.pretest).toBe('npm run build');
    expect(scripts.test).toMatch(/node_modules\/jest\/bin\/jest\.js --runInBand --detectOpenHandles$/);
  });

  test('test:file builds, then runs the same jest command as npm test on the files given after --', () => {
    expect(scripts['test:file']).toBe(`npm run build && ${scripts.test}`);
  });

  test('prepare builds the one way build does; typecheck only checks', () => {
    expect(scripts.prepare).toBe('npm run build');
    expect(scripts.typecheck).toBe('tsc -p tsconfig.json --noEmit');
  });

  test('engines.node is at least 20.11, the first Node with the --disable-warning the test scripts pass', () => {
    expect(scripts.test).toContain('--disable-warning=');
    const [major, minor] = pkg.engines.node.replace('>=', '').split('.').map(Number);
    expect(major! > 20 || (major === 20 && minor! >= 11)).toBe(true);
  });
});
