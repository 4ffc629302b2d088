import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { OptionSpec } from '../args/CommandSpec.ts';
import { CliError } from '../errors/CliError.ts';
import { EXIT_CODES } from '../errors/exitCodes.ts';

/** `--app-dir`, shared by the commands that serve the inspector (`demo`, `inspect`). */
export const APP_DIR_OPTION: OptionSpec = {
  type: 'string',
  valueName: 'path',
  env: 'DCRFLOW_INSPECTOR_DIR',
  description: 'The built inspector app (default: the installed @dcrflow/inspector package, its dist/).',
};

/** The package whose payload is the built inspector app (apps/inspector in the repository). */
export const INSPECTOR_PACKAGE = '@dcrflow/inspector';

/**
 * Where `@dcrflow/inspector` is installed: its `package.json` path, as Node resolves it from this package — so it
 * works in a global install, an `npx` cache, an app's `node_modules` and the pnpm workspace alike.
 */
export type ResolveInspectorPackage = () => string;

const resolveFromHere: ResolveInspectorPackage = () =>
  createRequire(import.meta.url).resolve(`${INSPECTOR_PACKAGE}/package.json`);

/**
 * Finds the built inspector app to serve: `--app-dir` / `DCRFLOW_INSPECTOR_DIR` when given, else the `dist/` of the
 * `@dcrflow/inspector` package that `dcrflow` depends on, found by package resolution (never by a path into a
 * repository checkout, which a user of `npm i -g dcrflow` does not have).
 *
 * @param resolvePackage - how to locate `@dcrflow/inspector/package.json`; tests replace it.
 * @throws {CliError} `configuration` (exit 5) when the directory has no `index.html` or the package is missing,
 *   with a hint that fits where the user is (an install to repair, or a workspace build to run).
 *
 * @example
 * ```ts
 * const dir = resolveInspectorApp(undefined, process.env); // '…/node_modules/@dcrflow/inspector/dist'
 * ```
 */
export function resolveInspectorApp(
  flag: string | boolean | undefined,
  env: Readonly<Record<string, string | undefined>>,
  resolvePackage: ResolveInspectorPackage = resolveFromHere,
): string {
  const explicit = typeof flag === 'string' && flag !== '' ? flag : env.DCRFLOW_INSPECTOR_DIR;
  if (explicit !== undefined && explicit !== '') {
    const dir = resolve(explicit);
    if (!existsSync(join(dir, 'index.html'))) {
      throw new CliError(`The inspector app is not in ${dir}: ${join(dir, 'index.html')} does not exist.`, {
        code: 'configuration',
        exitCode: EXIT_CODES.configuration,
        hint: 'Point --app-dir (or DCRFLOW_INSPECTOR_DIR) at the built app, or leave it out to use the installed one.',
      });
    }
    return dir;
  }

  let packageRoot: string;
  try {
    packageRoot = dirname(resolvePackage());
  } catch (error) {
    throw new CliError(`The inspector app is not installed: the package ${INSPECTOR_PACKAGE} cannot be found.`, {
      code: 'configuration',
      exitCode: EXIT_CODES.configuration,
      hint: `Reinstall dcrflow (npm i -g dcrflow, or npm i dcrflow), which brings ${INSPECTOR_PACKAGE}; or pass --app-dir.`,
      cause: error,
    });
  }
  const dir = join(packageRoot, 'dist');
  if (!existsSync(join(dir, 'index.html'))) {
    // A published @dcrflow/inspector always carries dist/ (and only dist/): an src/ next to it means a repository
    // checkout, where the app is built rather than installed.
    const checkout = existsSync(join(packageRoot, 'src'));
    throw new CliError(`The inspector app is not built: ${join(dir, 'index.html')} does not exist.`, {
      code: 'configuration',
      exitCode: EXIT_CODES.configuration,
      hint: checkout
        ? `In the dcrflow repository, build it with \`pnpm --filter ${INSPECTOR_PACKAGE} build\` (npm start does), or pass --app-dir.`
        : `The installed ${INSPECTOR_PACKAGE} is incomplete: reinstall dcrflow (npm i -g dcrflow), or pass --app-dir.`,
    });
  }
  return dir;
}
