import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeBenchSection } from '../bench/writeBenchSection.ts';

describe('writeBenchSection', () => {
  let dir: string;
  let doc: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dcrflow-bench-doc-'));
    doc = join(dir, 'benchmarks.md');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const other = '<!-- bench:core:start -->\n## core\n\n| a | b |\n<!-- bench:core:end -->';

  it('appends the marked section at the end when it is missing, leaving the rest as it was', async () => {
    await writeFile(doc, `# Benchmarks\n\n${other}\n`);
    writeBenchSection(doc, 'inspector', '## Inspector\n\nfirst\n');
    expect(await readFile(doc, 'utf8')).toBe(
      `# Benchmarks\n\n${other}\n\n<!-- bench:inspector:start -->\n## Inspector\n\nfirst\n<!-- bench:inspector:end -->\n`,
    );
  });

  it('replaces only its own section, and writing twice gives the same file', async () => {
    await writeFile(
      doc,
      `# Benchmarks\n\n<!-- bench:inspector:start -->\nold\n<!-- bench:inspector:end -->\n\n${other}\n`,
    );
    writeBenchSection(doc, 'inspector', 'new');
    const once = await readFile(doc, 'utf8');
    expect(once).toBe(
      `# Benchmarks\n\n<!-- bench:inspector:start -->\nnew\n<!-- bench:inspector:end -->\n\n${other}\n`,
    );
    writeBenchSection(doc, 'inspector', 'new');
    expect(await readFile(doc, 'utf8')).toBe(once);
  });

  it('creates the file when there is none', async () => {
    writeBenchSection(doc, 'inspector', 'figures');
    expect(await readFile(doc, 'utf8')).toBe(
      '# Benchmarks\n\nMeasured results of the `pnpm bench` scripts; each package rewrites only its own section.\n\n' +
        '<!-- bench:inspector:start -->\nfigures\n<!-- bench:inspector:end -->\n',
    );
  });
});
