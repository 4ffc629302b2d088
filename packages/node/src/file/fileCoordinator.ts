import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Coordinator } from '@dcrflow/core';
import { ConfigurationError } from '@dcrflow/protocol';
import { keyedMutex } from '../concurrency/keyedMutex.ts';
import { LockTimeoutError } from '../errors/LockTimeoutError.ts';
import { withFileLock } from './fileLock.ts';
import { fileSystemError } from './fileSystemError.ts';

/**
 * Options of {@link fileCoordinator}.
 *
 * @example
 * ```ts
 * const options: FileCoordinatorOptions = { path: '/var/lib/my-app/dcrflow.json' };
 * ```
 */
export interface FileCoordinatorOptions {
  /** The credential file of the {@link fileStore} it guards; lock files go beside it (`<path>.<lock name>.lock`). */
  path: string;
  /** A `withLock` caller that cannot get the lock within this time fails with `LockTimeoutError`. Default 30 000 ms. */
  acquireTimeoutMs?: number;
  /**
   * A lock file untouched for this long is taken over even if its pid seems alive (pid reuse). The holder touches it
   * every third of this while its task runs. A killed holder's lock is taken over at once (its pid is dead).
   * Default 15 000 ms.
   */
  staleLockMs?: number;
}

// One queue per lock file for the whole process, so a process never competes with itself.
const processQueue = keyedMutex();

/**
 * A {@link Coordinator} for several processes on **one machine** sharing a {@link fileStore} (a PM2 or cluster-mode
 * app, a cron job overlapping a service, a CLI beside a daemon): the registration and every token request run under
 * an exclusive lock file, so a simultaneous cold start sends one registration and one token request, and a refresh
 * happens once. Inside the lock the client re-reads the store and adopts what another process stored.
 *
 * The lock file is created exclusively (`link`), holds the owner's pid, is touched while held, and is taken over at
 * once when its process died (e.g. `kill -9`). `broadcast` does nothing: the processes share the file, and core
 * re-reads it inside the lock. For processes on several machines use {@link redisCoordinator}.
 *
 * @example
 * ```ts
 * import { createDcrClient } from '@dcrflow/core';
 * import { fileCoordinator, fileStore } from '@dcrflow/node';
 *
 * const path = '/var/lib/my-app/dcrflow.json';
 * const client = createDcrClient({
 *   baseUrl: 'https://sp.auth.adobe.com',
 *   softwareStatement: process.env.SOFTWARE_STATEMENT!,
 *   store: fileStore({ path }),
 *   coordinator: fileCoordinator({ path }),
 * });
 * ```
 */
export function fileCoordinator(options: FileCoordinatorOptions): Coordinator {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError(
      'fileCoordinator needs an options object such as { path: "/var/lib/app/dcrflow.json" }.',
    );
  }
  if (typeof options.path !== 'string' || options.path.trim() === '') {
    throw new ConfigurationError('fileCoordinator option `path` must be a non-empty file path.');
  }
  const acquireTimeoutMs = milliseconds(options.acquireTimeoutMs, 30_000, 'acquireTimeoutMs');
  const staleMs = milliseconds(options.staleLockMs, 15_000, 'staleLockMs');
  const path = resolve(options.path);

  return {
    async withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
      if (typeof name !== 'string' || name === '') {
        throw new ConfigurationError('fileCoordinator.withLock needs a non-empty lock name.');
      }
      // Lock names such as 'dcrflow:lifecycle' become safe file-name parts.
      const lockPath = `${path}.${name.replace(/[^A-Za-z0-9._-]/g, '_')}.lock`;
      return processQueue.run(lockPath, async () => {
        try {
          await mkdir(dirname(path), { recursive: true, mode: 0o700 });
        } catch (error) {
          throw fileSystemError(error, 'create the directory of', lockPath);
        }
        return withFileLock(
          lockPath,
          {
            timeoutMs: acquireTimeoutMs,
            staleMs,
            renewEveryMs: Math.max(50, Math.floor(staleMs / 3)),
            timeoutError: (waited) =>
              new LockTimeoutError(
                `Waited ${waited} ms for the lock file ${lockPath}, which another live process holds; giving up.`,
                { lockName: name, waitedMs: waited },
              ),
          },
          task,
        );
      });
    },
    broadcast() {
      // Nothing to tell: every process reads the same file, inside the lock.
    },
  };
}

function milliseconds(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigurationError(`fileCoordinator option \`${name}\` must be a positive number of milliseconds.`);
  }
  return value;
}
