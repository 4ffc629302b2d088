import { dirname } from 'node:path';
import { ConfigurationError, DcrError } from '@dcrflow/protocol';
import { FileStoreError } from '../errors/FileStoreError.ts';

/** Error codes a retry will not fix: the path or its permissions must change. */
const CONFIGURATION_CODES: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a component of the path is a file, not a directory',
  // mkdir -p answers EEXIST when a file stands where a directory of the path should be.
  EEXIST: 'a component of the path is a file, not a directory',
  EISDIR: 'the path is a directory, not a file',
  EROFS: 'the file system is read-only',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'the path contains a symbolic link loop',
};

const ADVICE: Readonly<Record<string, (path: string) => string>> = {
  EACCES: (path) =>
    `Give the process user read and write access to ${dirname(path)}: updates replace the file atomically, so the directory itself must be writable.`,
  EPERM: (path) =>
    `Give the process user read and write access to ${dirname(path)}: updates replace the file atomically, so the directory itself must be writable.`,
  ENOTDIR: () => 'Choose a path whose parent directories are directories.',
  EEXIST: () => 'Choose a path whose parent directories are directories.',
  EISDIR: (path) => `Pass the path of a file, for example ${path}/credentials.json.`,
  EROFS: () => 'Choose a path on a writable file system.',
  ENAMETOOLONG: () => 'Choose a shorter path.',
  ELOOP: () => 'Fix the symbolic links on the path.',
};

/**
 * Turns a Node file-system error into a readable dcrflow error: path and permission problems become a
 * `ConfigurationError` that says what to change, everything else a `FileStoreError` (retryable).
 */
export function fileSystemError(error: unknown, action: string, path: string): Error {
  // Already explained (our own errors, a lock timeout): passed through unchanged.
  if (DcrError.is(error) || FileStoreError.is(error)) return error;
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : undefined;
  const problem = code === undefined ? undefined : CONFIGURATION_CODES[code];
  if (code !== undefined && problem !== undefined) {
    const advice = ADVICE[code]?.(path) ?? '';
    return new ConfigurationError(`fileStore could not ${action} ${path}: ${problem} (${code}). ${advice}`.trim(), {
      cause: error,
    });
  }
  const detail = code ?? (error instanceof Error ? error.message : String(error));
  return new FileStoreError(
    `fileStore could not ${action} ${path} (${detail}).`,
    { reason: code ?? 'unknown', path },
    { cause: error },
  );
}
