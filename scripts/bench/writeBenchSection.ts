import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const HEADER =
  '# Benchmarks\n\nMeasured results of the `pnpm bench` scripts; each package rewrites only its own section.\n';

/**
 * Puts `markdown` between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->` in the file at `path`, replacing
 * what was there, or appends the marked block at the end when the markers are missing. Everything outside the block
 * (the other packages' sections) is kept byte for byte — shared by every `pnpm bench` script in the repository (core,
 * packages/bench, apps/inspector), so the docs/benchmarks.md convention lives in one place.
 *
 * @example
 * ```ts
 * writeBenchSection('docs/benchmarks.md', 'inspector', '## Inspector\n\n| … |');
 * ```
 */
export function writeBenchSection(path: string, name: string, markdown: string): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : HEADER;
  const from = existing.indexOf(start);
  const to = existing.indexOf(end, from);
  const next =
    from >= 0 && to > from
      ? `${existing.slice(0, from)}${block}${existing.slice(to + end.length)}`
      : `${existing.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, next);
}
