import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OptionSpec } from '../args/CommandSpec.ts';
import { CliError } from '../errors/CliError.ts';
import { EXIT_CODES } from '../errors/exitCodes.ts';

/** `--app-dir`, shared by the commands that serve the inspector (`demo`, `inspect`). */
export const APP_DIR_OPTION: OptionSpec = {
  type: 'string',
  valueName: 'path',
  env: 'DCRFLOW_INSPECTOR_DIR',
  description: 'The built inspector app (default: the workspace build, apps/inspector/dist).',
};

/**
 * Finds the built inspector app (`apps/inspector`'s `vite build` output) to serve: `--app-dir` /
 * `DCRFLOW_INSPECTOR_DIR` when given, else the workspace's `apps/inspector/dist` next to this package.
 *
 * @example
 * ```ts
 * const dir = resolveInspectorApp(undefined, process.env); // '/repo/apps/inspector/dist'
 * ```
 */
export function resolveInspectorApp(
  flag: string | boolean | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const explicit = typeof flag === 'string' && flag !== '' ? flag : env.DCRFLOW_INSPECTOR_DIR;
  // src/inspector/ or dist/inspector/ → the package root → the monorepo root.
  const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const candidate = resolve(explicit ?? join(packageRoot, '..', '..', 'apps', 'inspector', 'dist'));
  if (!existsSync(join(candidate, 'index.html'))) {
    throw new CliError(`The inspector app is not built: ${candidate}/index.html does not exist.`, {
      code: 'configuration',
      exitCode: EXIT_CODES.configuration,
      hint: 'Build it with `pnpm --filter @dcrflow/inspector build` (npm start does), or pass --app-dir.',
    });
  }
  return candidate;
}
