import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * The README is read on the npm page, where only the tarball's files exist and relative links
 * break: every link must be an anchor of the README itself or an absolute link, and links into
 * this repository must name a file that exists in it.
 */
const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  repository: { type: string; url: string }; homepage: string; bugs: { url: string };
};
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const REPO = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const BLOB = `${REPO}/blob/main/`;
const RAW = REPO.replace('https://github.com/', 'https://raw.githubusercontent.com/') + '/main/';

/** Every Markdown link and image target outside code. */
function links(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '``');
  return [...prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}
/** GitHub's anchor for a heading. */
function anchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
}

describe('package metadata', () => {
  test('repository, homepage and bugs point at the same repository', () => {
    expect(pkg.repository).toEqual({ type: 'git', url: expect.stringMatching(/^git\+https:\/\/github\.com\/[\w.-]+\/cdk-payment-platform\.git$/) });
    expect(pkg.homepage).toBe(`${REPO}#readme`);
    expect(pkg.bugs).toEqual({ url: `${REPO}/issues` });
  });
});

describe('README links work on the npm page', () => {
  const targets = links(readme);

  test('the README has links to check', () => {
    expect(targets.length).toBeGreaterThan(10);
  });

  test('no link is relative to the repository (the tarball has no docs/ or examples/)', () => {
    const relative = targets.filter((t) => !t.startsWith('#') && !/^https?:\/\//.test(t) && !t.startsWith('mailto:'));
    expect(relative).toEqual([]);
  });

  test('links into the repository name files that exist in it', () => {
    const tracked = new Set(execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n'));
    const inRepo = targets.filter((t) => t.startsWith(BLOB) || t.startsWith(RAW))
      .map((t) => t.replace(BLOB, '').replace(RAW, '').replace(/#.*$/, ''));
    expect(inRepo.length).toBeGreaterThan(3);
    expect(inRepo.filter((f) => !tracked.has(f) && !fs.existsSync(path.join(root, f)))).toEqual([]);
    // Links to GitHub are links to this repository, not to another one.
    expect(targets.filter((t) => t.startsWith('https://github.com/example/') && !t.startsWith(REPO))).toEqual([]);
  });

  test('anchors name a heading of the README', () => {
    const headings = new Set([...readme.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchor(m[1])));
    expect(targets.filter((t) => t.startsWith('#') && !headings.has(t.slice(1)))).toEqual([]);
  });
});
