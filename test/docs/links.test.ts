// The documentation's links between its own files: every relative link names a file that exists, and every #anchor a heading in it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fromRoot, repoRoot } from '../helpers/repo.js';

const documents = ['README.md', 'NOTEBOOK.md', 'BENCHMARKS.md', 'docs/commands.md', 'docs/figures.md', 'docs/logs.md', 'docs/developing.md', 'docs/handout.md'];

/** GitHub's anchor for a heading: lower case, punctuation but `-` and `_` dropped, spaces to `-`. */
const anchorOf = (heading: string) => heading.trim().toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');

/** The anchors of a markdown file's headings (outside code blocks). */
function anchors(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1]!)));
}

/** Relative links of a markdown file (not web addresses), outside code blocks and code spans. */
function relativeLinks(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((link) => !/^[a-z]+:/.test(link));
}

describe('the documentation', () => {
  test('the README names the two commands that matter and links to every page under docs/', () => {
    const readme = readFileSync(fromRoot('README.md'), 'utf8');
    expect(readme).toContain('npm install && npm run start-all');
    expect(readme).toContain('npm test');
    for (const page of documents.filter((d) => d.startsWith('docs/'))) expect(readme).toContain(`](${page})`);
  });

  test.each(documents)('%s: every link to a file of the project reaches it, and its anchor a heading there', (document) => {
    const file = fromRoot(document);
    const broken: string[] = [];
    for (const link of relativeLinks(file)) {
      const [path, anchor] = link.split('#') as [string, string | undefined];
      const target = path === '' ? file : join(dirname(file), path);
      if (!existsSync(target)) broken.push(`${link}: no ${relative(repoRoot, target)}`);
      else if (anchor !== undefined && target.endsWith('.md') && !anchors(target).has(anchor)) broken.push(`${link}: no heading #${anchor}`);
    }
    expect(broken).toEqual([]);
  });
});
