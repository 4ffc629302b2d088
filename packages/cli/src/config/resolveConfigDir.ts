import { isAbsolute, join } from 'node:path';

/**
 * Where dcrflow keeps its files: `$XDG_CONFIG_HOME/dcrflow`, else `~/.config/dcrflow` (on Windows `%APPDATA%\dcrflow`).
 * A relative `XDG_CONFIG_HOME` is ignored, as the XDG Base Directory specification requires.
 *
 * @example
 * ```ts
 * resolveConfigDir({ XDG_CONFIG_HOME: '/tmp/cfg' }, '/home/ada', 'linux'); // '/tmp/cfg/dcrflow'
 * resolveConfigDir({}, '/home/ada', 'linux');                          // '/home/ada/.config/dcrflow'
 * ```
 */
export function resolveConfigDir(
  env: Readonly<Record<string, string | undefined>>,
  homedir: string,
  platform: NodeJS.Platform,
): string {
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg !== undefined && xdg !== '' && isAbsolute(xdg)) return join(xdg, 'dcrflow');
  const appData = env.APPDATA;
  if (platform === 'win32' && appData !== undefined && appData !== '') return join(appData, 'dcrflow');
  return join(homedir, '.config', 'dcrflow');
}
