import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/**
 * README.md is the first page a newcomer trusts: every link in it stays in the repository and leads
 * somewhere. Checked statically: no URL other than the local addresses the platform serves
 * (http://127.0.0.1, http://localhost), no relative link out of the repository (such as ../shared)
 * or to a file that does not exist, no #anchor without its heading.
 */
const root = join(__dirname, '..', '..');

/** The URLs a renderer turns into links: http(s)/ftp anywhere (code included, to be strict) and www. autolinks. */
const URL_PATTERN = /\b(?:https?|ftp):\/\/[^\s<>`'"()[\]]+|(?<![\w/.@-])www\.[^\s<>`'"()[\]]+/gi;
/** The host part of a URL, port included: nothing else (no user info), or `http://127.0.0.1:1@elsewhere` would pass. */
const LOCAL_HOST = /^(?:127\.0\.0\.1|localhost)(?::\d*)?$/i;

/** Fenced code blocks and inline code spans hold text, not link syntax. */
function withoutCode(markdown: string): string {
  return withoutFences(markdown).replace(/(`+)[\s\S]*?\1/g, (span) => span.replace(/[^\n]/g, ' '));
}

function withoutFences(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** Targets of inline links and images, reference definitions, autolinks and HTML href/src attributes. */
function linkTargets(markdown: string): string[] {
  const text = withoutCode(markdown);
  const targets: string[] = [];
  for (const match of text.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+["'(][^)]*)?\)/g)) targets.push(match[1]!);
  for (const match of text.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) targets.push(match[1]!);
  for (const match of text.matchAll(/<([a-z][a-z0-9+.-]*:[^\s>]*)>/gi)) targets.push(match[1]!);
  for (const match of text.matchAll(/\b(?:href|src)\s*=\s*["']([^"']*)["']/gi)) targets.push(match[1]!);
  return targets;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = match[1]!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

function isLocalUrl(url: string): boolean {
  const parsed = /^https?:\/\/([^/?#]*)/i.exec(url);
  return parsed !== null && LOCAL_HOST.test(parsed[1]!);
}

/** Every problem with the links of `markdown`, a file at `file` in a repository rooted at `repoRoot`. */
function linkProblems(markdown: string, repoRoot: string, file: string): string[] {
  const problems: string[] = [];
  for (const [url] of markdown.matchAll(URL_PATTERN)) {
    if (!isLocalUrl(url)) problems.push(`leaves the repository: ${url}`);
  }
  const anchors = anchorsOf(markdown);
  for (const target of linkTargets(markdown)) {
    if (target === '') {
      problems.push('empty link target');
    } else if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
      // URLs were checked above, except schemes such as mailto: that are links all the same.
      if (!/^(?:https?|ftp):/i.test(target)) problems.push(`leaves the repository: ${target}`);
    } else if (target.startsWith('#')) {
      if (!anchors.has(decodeURIComponent(target.slice(1))))
        problems.push(`no heading for ${target} in ${file}`);
    } else {
      const path = decodeURIComponent(target.replace(/[?#].*$/, ''));
      const resolved = resolve(repoRoot, dirname(file), path);
      const inside = relative(repoRoot, resolved);
      if (path.startsWith('/') || inside.startsWith('..') || isAbsolute(inside)) {
        problems.push(`leaves the repository: ${target}`);
      } else if (!existsSync(resolved)) {
        problems.push(`no such file in the repository: ${target}`);
      }
    }
  }
  return problems;
}

describe('README.md', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');

  it('links only to files and headings that exist in the repository, and to no other site', () => {
    expect(linkProblems(readme, root, 'README.md')).toEqual([]);
  });

  it('does not name paths outside the repository, even as plain text', () => {
    expect(readme).not.toMatch(/\.\.\/shared/);
  });
});

describe('the README link check', () => {
  const check = (markdown: string) => linkProblems(markdown, root, 'README.md');

  it('accepts local addresses, files and folders of the repository, and headings', () => {
    expect(
      check(
        [
          '# Quick start',
          '## Test users (sandbox)',
          'See http://127.0.0.1:3000/graphql, <http://localhost:3100/oidc>, [the API](http://127.0.0.1:3000/graphiql).',
          '[licence](LICENSE), [docs](docs/), [architecture](./docs/architecture.md#the-parts), [up](#quick-start),',
          '[users](#test-users-sandbox), `[not a link](nowhere.md)`.',
          '```sh',
          'curl localhost:3000/health/ready   # [not a link](missing.md)',
          '```',
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  it.each([
    [
      'a link to another site',
      '[spec](https://example.org/spec.json)',
      'leaves the repository: https://example.org/spec.json',
    ],
    [
      'a bare URL',
      'The gateway is at https://api.example.org/v1.',
      'leaves the repository: https://api.example.org/v1.',
    ],
    [
      'a URL in code',
      '`https://www.example.org/SpidL2`',
      'leaves the repository: https://www.example.org/SpidL2',
    ],
    ['a www. autolink', 'see www.example.org', 'leaves the repository: www.example.org'],
    ['an autolink', '<mailto:someone@example.org>', 'leaves the repository: mailto:someone@example.org'],
    [
      'a link out of the repository',
      '[design](../shared/DESIGN.md)',
      'leaves the repository: ../shared/DESIGN.md',
    ],
    ['an absolute path', '[passwd](/etc/passwd)', 'leaves the repository: /etc/passwd'],
    ['a missing file', '[gone](docs/missing.md)', 'no such file in the repository: docs/missing.md'],
    ['a missing heading', '# Layout\n[see](#planned)', 'no heading for #planned in README.md'],
    ['an HTML link', '<a href="https://example.org">x</a>', 'leaves the repository: https://example.org'],
    [
      'a local-looking URL to another host',
      'http://127.0.0.1:1@example.org/',
      'leaves the repository: http://127.0.0.1:1@example.org/',
    ],
  ])('refuses %s', (_what, markdown, problem) => {
    expect(check(markdown)).toContain(problem);
  });
});
