import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const HEADER =
  '# Benchmarks\n\nMeasured results of the `pnpm bench` scripts; each package rewrites only its own section.\n';

/**
 * Replaces the `<!-- bench:NAME:start -->…<!-- bench:NAME:end -->` block of `path` with `markdown`, or appends the
 * block when it is missing. Other sections (other packages' benches) are left byte for byte as they were.
 */
export function writeDocSection(path: string, name: string, markdown: string): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : HEADER;
  const from = existing.indexOf(start);
  const to = existing.indexOf(end);
  const next =
    from >= 0 && to > from
      ? existing.slice(0, from) + block + existing.slice(to + end.length)
      : `${existing.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, next);
}
