// The README's install snippets are the tested ones: each ```ts block marked `<!-- snippet: docs/snippets/X.ts -->`
// must equal that file, which consumer.test.ts type-checks (TypeScript 5.4 and latest 5.x) against the packed packages.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/scratchProject.ts';

const SNIPPET_MARKER = /<!-- snippet: (docs\/snippets\/[\w-]+\.ts) -->\n```ts\n([\s\S]*?)\n```/g;

function markedSnippets(markdownFile: string): Array<{ path: string; code: string }> {
  const text = readFileSync(join(REPO_ROOT, markdownFile), 'utf8');
  return [...text.matchAll(SNIPPET_MARKER)].map((match) => ({ path: match[1] as string, code: match[2] as string }));
}

describe('install snippets', () => {
  const inReadme = markedSnippets('README.md');
  const files = readdirSync(join(REPO_ROOT, 'docs', 'snippets')).filter((file) => file.endsWith('.ts'));

  it('the README shows every snippet file', () => {
    expect(inReadme.map((snippet) => snippet.path).sort()).toEqual(files.map((file) => `docs/snippets/${file}`).sort());
  });

  it.each(inReadme.map((snippet) => [snippet.path, snippet.code] as const))(
    'README block %s equals the file',
    (path, code) => {
      expect(code).toBe(readFileSync(join(REPO_ROOT, path), 'utf8').trimEnd());
    },
  );

  it('finds a block that differs (the check itself)', () => {
    const tampered = '<!-- snippet: docs/snippets/a.ts -->\n```ts\nconst x = 1;\n```';
    expect([...tampered.matchAll(SNIPPET_MARKER)].map((match) => match[2])).toEqual(['const x = 1;']);
  });
});
