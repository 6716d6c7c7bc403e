// The tool's name, version and commit: read from package.json and the git files, in plain, packed and worktree layouts.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitCommit, toolVersion } from '../../src/log/tool-version.js';
import { runScript, tempDir } from '../helpers/cli.js';
import { fromRoot, repoRoot } from '../helpers/repo.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const write = (file: string, text: string) => {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
};

describe('tool version', () => {
  test("this checkout: package.json's version and git's HEAD", () => {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', cwd: repoRoot }).trim();
    expect(toolVersion()).toEqual({ name: 'lamport-lab', version: JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')).version, commit: head });
  });

  test('a branch ref in its file, in packed-refs, a detached HEAD, a worktree, and no git at all', () => {
    const loose = tempDir('lamport-git-');
    write(join(loose, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    write(join(loose, '.git', 'refs', 'heads', 'main'), `${A}\n`);
    expect(gitCommit(loose)).toBe(A);

    const packed = tempDir('lamport-git-');
    write(join(packed, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    write(join(packed, '.git', 'packed-refs'), `# pack-refs with: peeled fully-peeled sorted\n${B} refs/heads/other\n${A} refs/heads/main\n`);
    expect(gitCommit(packed)).toBe(A);

    const detached = tempDir('lamport-git-');
    write(join(detached, '.git', 'HEAD'), `${B}\n`);
    expect(gitCommit(detached)).toBe(B);

    // A worktree: .git is a file naming its git folder, whose commondir holds the shared refs.
    const main = tempDir('lamport-git-');
    write(join(main, '.git', 'refs', 'heads', 'fixes'), `${B}\n`);
    write(join(main, '.git', 'worktrees', 'wt', 'HEAD'), 'ref: refs/heads/fixes\n');
    write(join(main, '.git', 'worktrees', 'wt', 'commondir'), '../..\n');
    const worktree = tempDir('lamport-git-');
    write(join(worktree, '.git'), `gitdir: ${join(main, '.git', 'worktrees', 'wt')}\n`);
    expect(gitCommit(worktree)).toBe(B);

    expect(gitCommit(tempDir('lamport-git-'))).toBeNull();
    const unborn = tempDir('lamport-git-');
    write(join(unborn, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    expect(gitCommit(unborn)).toBeNull();
  });

  test('analyze --json names the tool at its top level', async () => {
    const { stdout, exitCode } = await runScript('analyze', ['--json', fromRoot('test', 'fixtures', 'analysis', 'basic')]);
    expect(exitCode).toBe(0);
    expect(JSON.parse(stdout as string).tool).toEqual(toolVersion());
  });
});
