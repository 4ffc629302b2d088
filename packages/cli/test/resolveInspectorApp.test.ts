import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../src/errors/CliError.ts';
import { resolveInspectorApp } from '../src/inspector/resolveInspectorApp.ts';

let dir: string;
beforeEach(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'dcrflow-inspector-')));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** An installed-looking @dcrflow/inspector: package.json plus, optionally, dist/index.html and src/. */
async function inspectorPackage(parts: { dist?: boolean; src?: boolean }): Promise<string> {
  const root = join(dir, 'node_modules', '@dcrflow', 'inspector');
  await mkdir(root, { recursive: true });
  await writeFile(join(root, 'package.json'), '{"name":"@dcrflow/inspector"}');
  if (parts.dist) {
    await mkdir(join(root, 'dist'));
    await writeFile(join(root, 'dist', 'index.html'), '<!doctype html>');
  }
  if (parts.src) await mkdir(join(root, 'src'));
  return join(root, 'package.json');
}

function thrown(fn: () => unknown): CliError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a CliError');
}

describe('resolveInspectorApp', () => {
  it('serves the dist/ of the @dcrflow/inspector package that resolution finds', async () => {
    const manifest = await inspectorPackage({ dist: true });
    expect(resolveInspectorApp(undefined, {}, () => manifest)).toBe(join(dir, 'node_modules/@dcrflow/inspector/dist'));
  });

  it('finds the real package from the CLI by package resolution (the workspace link to apps/inspector here)', () => {
    // Whatever Node resolves is what is served, built or not: the answer names the package's own dist/.
    let where: string;
    try {
      where = resolveInspectorApp(undefined, {});
    } catch (error) {
      where = (error as CliError).message;
    }
    expect(where).toMatch(/apps[/\\]inspector[/\\]dist/);
  });

  it('an installed package without its build: says to reinstall, never names a pnpm workspace', async () => {
    const manifest = await inspectorPackage({});
    const error = thrown(() => resolveInspectorApp(undefined, {}, () => manifest));
    expect(error.exitCode).toBe(5);
    expect(error.message).toBe(
      `The inspector app is not built: ${join(dir, 'node_modules/@dcrflow/inspector/dist/index.html')} does not exist.`,
    );
    expect(error.hint).toBe(
      'The installed @dcrflow/inspector is incomplete: reinstall dcrflow (npm i -g dcrflow), or pass --app-dir.',
    );
  });

  it('a repository checkout (src/ beside it) without its build: says how to build it', async () => {
    const manifest = await inspectorPackage({ src: true });
    const error = thrown(() => resolveInspectorApp(undefined, {}, () => manifest));
    expect(error.hint).toBe(
      'In the dcrflow repository, build it with `pnpm --filter @dcrflow/inspector build` (npm start does), or pass --app-dir.',
    );
  });

  it('the package cannot be resolved: says to reinstall dcrflow', () => {
    const error = thrown(() =>
      resolveInspectorApp(undefined, {}, () => {
        throw Object.assign(new Error("Cannot find module '@dcrflow/inspector/package.json'"), {
          code: 'MODULE_NOT_FOUND',
        });
      }),
    );
    expect(error.code).toBe('configuration');
    expect(error.message).toBe('The inspector app is not installed: the package @dcrflow/inspector cannot be found.');
    expect(error.hint).toBe(
      'Reinstall dcrflow (npm i -g dcrflow, or npm i dcrflow), which brings @dcrflow/inspector; or pass --app-dir.',
    );
  });

  it('--app-dir and DCRFLOW_INSPECTOR_DIR win over the package, and are checked', async () => {
    await mkdir(join(dir, 'app'));
    await writeFile(join(dir, 'app', 'index.html'), '<!doctype html>');
    const never = () => {
      throw new Error('package resolution must not run');
    };
    expect(resolveInspectorApp(join(dir, 'app'), {}, never)).toBe(join(dir, 'app'));
    expect(resolveInspectorApp(undefined, { DCRFLOW_INSPECTOR_DIR: join(dir, 'app') }, never)).toBe(join(dir, 'app'));
    const error = thrown(() => resolveInspectorApp(join(dir, 'nothing'), {}, never));
    expect(error.message).toBe(
      `The inspector app is not in ${join(dir, 'nothing')}: ${join(dir, 'nothing', 'index.html')} does not exist.`,
    );
  });
});
