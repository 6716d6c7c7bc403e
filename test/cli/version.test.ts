// `--version` on every command a user runs through npm (the machine's without its id): lamport-lab's version and commit on stdout, exit 0.
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { runScript } from '../helpers/cli.js';
import { fromRoot } from '../helpers/repo.js';

const { version } = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string };

describe('--version', () => {
  test.each(['start-all', 'machine', 'analyze', 'check', 'simulate', 'sweep', 'experiments', 'bench'])('%s --version prints the version and exits 0, running nothing', async (name) => {
    const r = await runScript(name, ['--version']);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    // The commit too in a git checkout (this one), seven hex digits as git shows it.
    expect(r.stdout).toMatch(new RegExp(`^lamport-lab ${version.replace(/\./g, '\\.')} \\(commit [0-9a-f]{7}\\)$`));
  });
});
