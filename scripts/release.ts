// `pnpm release [--dry-run]`: checks every public package the way it will be published, then publishes it (or, with
// --dry-run, stops after `npm publish --dry-run`). Versions and changelogs come from changesets beforehand
// (`pnpm changeset`, then `pnpm changeset version`; decision 0006).
//
// Per package: `pnpm pack` (which turns `workspace:^` into real ranges, as publishing does), then checks on that exact
// tarball — publint (warnings are errors), Are The Types Wrong (ESM-only profile), the manifest rules of issue 10
// (engines, LICENSE, repository, ./package.json export, no workspace: range left) — and `npm publish --dry-run`.
// Exits non-zero when any package has a problem.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  engines?: Record<string, string>;
  repository?: { url?: string };
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const root = join(import.meta.dirname, '..');
const dryRun = process.argv.includes('--dry-run');
const unknown = process.argv.slice(2).filter((arg) => arg !== '--dry-run');
if (unknown.length > 0) {
  process.stderr.write(`release: unknown argument ${unknown.join(' ')}. Usage: pnpm release [--dry-run]\n`);
  process.exit(2);
}

function run(command: string, args: string[], cwd = root): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: process.env });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

function publicPackages(): Array<{ dir: string; manifest: Manifest }> {
  const found: Array<{ dir: string; manifest: Manifest }> = [];
  for (const group of ['packages', 'apps']) {
    for (const entry of readdirSync(join(root, group))) {
      const path = join(root, group, entry, 'package.json');
      if (!existsSync(path)) continue;
      const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
      if (manifest.private !== true) found.push({ dir: join(root, group, entry), manifest });
    }
  }
  return found.sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

/** The manifest rules every published dcrflow package follows (issue 10), checked on the packed package.json. */
function manifestProblems(packed: Manifest, files: string[]): string[] {
  const problems: string[] = [];
  if (JSON.stringify(packed).includes('workspace:')) problems.push('a workspace: range is left in package.json');
  if (packed.engines?.node === undefined) problems.push('no engines.node');
  if (packed.license !== 'MIT') problems.push('license is not MIT');
  if (!files.includes('package/LICENSE')) problems.push('no LICENSE file in the tarball');
  if (!files.includes('package/README.md')) problems.push('no README.md in the tarball');
  if (packed.repository?.url === undefined) problems.push('no repository.url');
  if (packed.exports?.['./package.json'] !== './package.json') problems.push('no "./package.json" export');
  for (const [name, range] of Object.entries({ ...packed.dependencies, ...packed.peerDependencies })) {
    if (!/^(\^|>=)/.test(range)) problems.push(`${name} is pinned to ${range}: use a caret range`);
  }
  return problems;
}

const packages = publicPackages();
process.stdout.write(`${dryRun ? 'Dry run: ' : ''}checking ${packages.length} public packages …\n`);
if (!run('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']).ok) {
  process.stderr.write('release: the build failed; run `pnpm build` to see why.\n');
  process.exit(1);
}

const packDir = mkdtempSync(join(tmpdir(), 'dcrflow-release-'));
let failed = 0;
try {
  for (const { dir, manifest } of packages) {
    const label = `${manifest.name}@${manifest.version}`;
    const problems: string[] = [];
    const pack = run('pnpm', ['pack', '--pack-destination', packDir, '--json'], dir);
    const tarball = join(packDir, `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`);
    if (!pack.ok || !existsSync(tarball)) {
      process.stdout.write(`✗ ${label}: pnpm pack failed\n${pack.output}\n`);
      failed += 1;
      continue;
    }
    const files = run('tar', ['-tzf', tarball]).output.split('\n');
    const packed = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json']).output) as Manifest;
    problems.push(...manifestProblems(packed, files));

    const data = readFileSync(tarball);
    const lint = await publint({
      pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) },
      strict: true,
      level: 'warning',
    });
    for (const message of lint.messages)
      problems.push(`publint: ${formatMessage(message, lint.pkg, { color: false })}`);

    // The inspector app ships static files and no module, so there are no types to check.
    const hasTypes = packed.exports?.['.'] !== undefined;
    if (hasTypes) {
      const attw = run('pnpm', ['exec', 'attw', tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-summary']);
      if (!attw.ok) problems.push(`attw: ${attw.output}`);
    }
    const publish = run('npm', ['publish', tarball, '--dry-run', '--access', 'public', '--ignore-scripts']);
    if (!publish.ok) problems.push(`npm publish --dry-run: ${publish.output}`);

    const size = `${(data.byteLength / 1024).toFixed(1)} KB`;
    if (problems.length === 0) {
      process.stdout.write(
        `✓ ${label}  ${size}, ${files.length} files — publint, ${hasTypes ? 'attw, ' : ''}publish dry-run ok\n`,
      );
    } else {
      failed += 1;
      process.stdout.write(`✗ ${label}\n${problems.map((problem) => `    ${problem}`).join('\n')}\n`);
    }
  }

  if (failed > 0) {
    process.stderr.write(`release: ${failed} of ${packages.length} packages have problems; nothing was published.\n`);
    process.exit(1);
  }
  if (dryRun) {
    process.stdout.write(`All ${packages.length} packages are ready; --dry-run: nothing was published.\n`);
  } else {
    // Publishes every package whose version is not on the registry yet, and tags the release (changesets).
    const publish = spawnSync('pnpm', ['exec', 'changeset', 'publish'], { cwd: root, stdio: 'inherit' });
    process.exit(publish.status ?? 1);
  }
} finally {
  rmSync(packDir, { recursive: true, force: true });
}
