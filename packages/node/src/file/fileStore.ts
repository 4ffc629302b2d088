import { constants, copyFile, link, mkdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { CredentialStore, StoredEntry, StoreSetOptions, StoreSetResult } from '@dcrflow/core';
import { ConfigurationError } from '@dcrflow/protocol';
import { keyedMutex } from '../concurrency/keyedMutex.ts';
import { FileStoreError } from '../errors/FileStoreError.ts';
import { type HeldLock, LockLostError, withFileLock } from './fileLock.ts';
import { fileSystemError } from './fileSystemError.ts';
import { removeLeftovers } from './removeLeftovers.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

/**
 * Options of {@link fileStore}.
 *
 * @example
 * ```ts
 * const options: FileStoreOptions = { path: '/var/lib/my-app/dcrflow.json' };
 * ```
 */
export interface FileStoreOptions {
  /** The credential file. Its directory is created (mode 0700) when missing. */
  path: string;
  /** File mode of the credential file. Default `0o600` (owner read/write only): it holds the client secret. */
  mode?: number;
  /** How long an operation waits for another process's lock before failing with `FileStoreError`. Default 10 000 ms. */
  lockTimeoutMs?: number;
  /**
   * A lock file untouched for this long is taken over even if its pid seems alive (pid reuse, another container). The
   * holder touches it every third of this; a holder frozen longer (SIGSTOP, VM suspend) finds on waking that it lost
   * the lock and starts over instead of writing. Default 30 000 ms.
   */
  staleLockMs?: number;
}

/** What one read of the file found. `value: null` is a tombstone left by `delete()` (it keeps the version). */
type FileContent =
  | { readonly kind: 'absent' }
  | { readonly kind: 'entry'; readonly value: string | null; readonly version: number }
  | { readonly kind: 'corrupt'; readonly text: string };

// One queue per file for the whole process: every fileStore instance on the same path shares it.
const processQueue = keyedMutex();

/** How often `set`/`delete` start over after finding, right before writing, that their lock was taken over. */
const LOST_LOCK_ATTEMPTS = 3;

function parseEnvelope(text: string): FileContent {
  try {
    // A UTF-8 byte order mark (added by some editors and Windows tools) is not part of the JSON text (RFC 8259 §8.1
    // lets a parser ignore it); treating it as corruption would throw valid credentials away.
    const json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as {
      value?: unknown;
      version?: unknown;
    } | null;
    if (
      typeof json === 'object' &&
      json !== null &&
      (typeof json.value === 'string' || json.value === null) &&
      typeof json.version === 'number' &&
      Number.isSafeInteger(json.version) &&
      json.version > 0
    ) {
      return { kind: 'entry', value: json.value, version: json.version };
    }
  } catch {
    // Falls through: not JSON.
  }
  return { kind: 'corrupt', text };
}

function timestamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/**
 * A {@link CredentialStore} over one JSON file `{ "value": …, "version": n }`, safe for many processes on one
 * machine: a cold-starting fleet of workers registers exactly once.
 *
 * - **Atomic**: every write goes to a temporary file in the same directory, is fsynced, renamed over the file, and
 *   the directory is fsynced. A crash or `kill -9` at any moment leaves the whole old or the whole new value.
 * - **Private**: the file gets mode 0600 and a missing directory is created with 0700.
 * - **Compare-and-set across processes**: `set` reads, compares and writes while holding a lock file
 *   (`<path>.lock`, created exclusively; a lock left by a dead process is recognised by its pid and taken over).
 * - **Corruption is lost credentials, never a crash**: a file whose envelope is unreadable is kept aside as
 *   `<path>.corrupt-<timestamp>-<pid>` (evidence, never deleted) and replaced by an entry holding the raw text under a
 *   fresh version (the current time in ms, above any version a reader may hold). Core cannot decode that value, so the
 *   client reports the credentials lost, records the loss, registers again and emits `reauthenticationRequired`.
 * - `delete()` leaves a tombstone `{ "value": null, "version": n }` (no secret) so versions keep increasing: a writer
 *   holding a pre-delete version can never win.
 * - Permission and path problems throw a `ConfigurationError` naming the path and the fix; other I/O failures a
 *   `FileStoreError`.
 *
 * @example
 * ```ts
 * import { createDcrClient } from '@dcrflow/core';
 * import { fileStore } from '@dcrflow/node';
 *
 * const client = createDcrClient({
 *   baseUrl: 'https://sp.auth.adobe.com',
 *   softwareStatement: process.env.SOFTWARE_STATEMENT!,
 *   store: fileStore({ path: '/var/lib/my-app/dcrflow.json' }),
 * });
 * ```
 */
export function fileStore(options: FileStoreOptions): CredentialStore {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('fileStore needs an options object such as { path: "/var/lib/app/dcrflow.json" }.');
  }
  if (typeof options.path !== 'string' || options.path.trim() === '') {
    throw new ConfigurationError('fileStore option `path` must be a non-empty file path.');
  }
  const mode = options.mode ?? 0o600;
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o777) {
    throw new ConfigurationError('fileStore option `mode` must be a file mode between 0o000 and 0o777, such as 0o600.');
  }
  if ((mode & 0o600) !== 0o600) {
    throw new ConfigurationError('fileStore option `mode` must let the owner read and write the file (include 0o600).');
  }
  const lockTimeoutMs = positive(options.lockTimeoutMs, 10_000, 'lockTimeoutMs');
  const staleMs = positive(options.staleLockMs, 30_000, 'staleLockMs');
  const path = resolve(options.path);
  const lockPath = `${path}.lock`;
  const lockOptions = {
    timeoutMs: lockTimeoutMs,
    staleMs,
    renewEveryMs: staleMs / 3,
    timeoutError: (waited: number) =>
      new FileStoreError(
        `fileStore waited ${waited} ms for the lock file ${lockPath}, which another live process holds; giving up. ` +
          'Delete the lock file if no dcrflow process is running.',
        { reason: 'lock_timeout', path: lockPath },
      ),
  };
  let directoryReady = false;

  async function read(): Promise<FileContent> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return { kind: 'absent' };
      throw fileSystemError(error, 'read', path);
    }
    return parseEnvelope(text);
  }

  /**
   * Under the lock: replaces the file with `{ value, version }`. The fence runs right before the rename: the lock must
   * still be ours and the file must still hold `previousVersion` (0: absent), or nothing is written — a writer frozen
   * past `staleMs` must never rename its outdated file over a newer one.
   */
  async function write(value: string | null, version: number, lock: HeldLock, previousVersion: number): Promise<void> {
    if (!Number.isSafeInteger(version)) {
      // A retry cannot fix this (so not a FileStoreError), and writing 2^53 would read back as corruption.
      throw new ConfigurationError(
        `fileStore cannot write version ${version} to ${path}: versions end at ${Number.MAX_SAFE_INTEGER}, so the ` +
          'file was edited by hand. Delete it (the client registers again).',
      );
    }
    const fence = async (): Promise<void> => {
      await lock.assertHeld();
      const current = await read();
      const currentVersion = current.kind === 'entry' ? current.version : 0;
      if (current.kind === 'corrupt' || currentVersion !== previousVersion) {
        throw new LockLostError(
          `${path} changed under the lock (version ${currentVersion}, expected ${previousVersion}).`,
        );
      }
    };
    try {
      await writeFileAtomic(path, JSON.stringify({ value, version }), mode, fence);
    } catch (error) {
      if (error instanceof LockLostError) throw error;
      throw fileSystemError(error, 'write', path);
    }
  }

  /** Runs a read-compare-write under the lock again (a fresh lock, a fresh read) when its fence found the lock lost. */
  async function lockedWrite<T>(task: (lock: HeldLock) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await locked(task);
      } catch (error) {
        if (!(error instanceof LockLostError)) throw error;
        if (attempt >= LOST_LOCK_ATTEMPTS) {
          throw new FileStoreError(
            `fileStore lost the lock ${lockPath} ${attempt} times in a row before writing (the process was frozen ` +
              'longer than staleLockMs each time); nothing was written.',
            { reason: 'lock_lost', path: lockPath },
            { cause: error },
          );
        }
      }
    }
  }

  async function locked<T>(task: (lock: HeldLock) => Promise<T>): Promise<T> {
    return processQueue.run(path, async () => {
      if (!directoryReady) {
        try {
          await mkdir(dirname(path), { recursive: true, mode: 0o700 });
        } catch (error) {
          throw fileSystemError(error, 'create the directory of', path);
        }
      }
      return withFileLock(lockPath, lockOptions, async (lock) => {
        if (!directoryReady) {
          directoryReady = true;
          await removeLeftovers(path, staleMs);
        }
        return task(lock);
      });
    });
  }

  /**
   * Under the lock: keeps the unreadable file as `<path>.corrupt-<timestamp>` and stores its raw text under a fresh
   * version. The evidence is a hard link (a copy where links are unsupported) and the file is then replaced atomically,
   * so there is no moment without a file: a crash here can never turn "credentials lost" into "never registered".
   */
  async function quarantine(text: string, lock: HeldLock): Promise<{ value: string; version: number }> {
    const aside = `${path}.corrupt-${timestamp()}-${process.pid}`;
    try {
      await link(path, aside).catch(() => copyFile(path, aside, constants.COPYFILE_EXCL));
    } catch (error) {
      throw fileSystemError(error, 'keep a copy of the corrupt file', path);
    }
    const version = Math.max(Date.now(), 1);
    await writeFileAtomic(path, JSON.stringify({ value: text, version }), mode, async () => {
      await lock.assertHeld();
      // Only the unreadable text this process judged is replaced; a concurrent repair stands.
      const now = await readFile(path, 'utf8').catch(() => null);
      if (now !== text) throw new LockLostError(`${path} changed under the lock while it was quarantined.`);
    }).catch((error: unknown) => {
      throw error instanceof LockLostError ? error : fileSystemError(error, 'write', path);
    });
    return { value: text, version };
  }

  /** Under the lock: the current entry (or tombstone), with corruption already quarantined. */
  async function readForUpdate(lock: HeldLock): Promise<{ entry: StoredEntry | null; lastVersion: number }> {
    const content = await read();
    if (content.kind === 'absent') return { entry: null, lastVersion: 0 };
    if (content.kind === 'corrupt') {
      const entry = await quarantine(content.text, lock);
      return { entry, lastVersion: entry.version };
    }
    const entry = content.value === null ? null : { value: content.value, version: content.version };
    return { entry, lastVersion: content.version };
  }

  return {
    async get(): Promise<StoredEntry | null> {
      const content = await read();
      if (content.kind === 'absent') return null;
      if (content.kind === 'entry')
        return content.value === null ? null : { value: content.value, version: content.version };
      // Re-read under the lock: another process may have quarantined or rewritten it already.
      return lockedWrite(async (lock) => (await readForUpdate(lock)).entry);
    },

    async set(value: string, setOptions: StoreSetOptions): Promise<StoreSetResult> {
      if (typeof value !== 'string') throw new TypeError('fileStore.set expects a string value.');
      const expected = setOptions?.expectedVersion;
      if (expected !== null && !Number.isSafeInteger(expected)) {
        throw new TypeError('fileStore.set expects options.expectedVersion to be a version number or null.');
      }
      return lockedWrite(async (lock) => {
        const { entry, lastVersion } = await readForUpdate(lock);
        if ((entry?.version ?? null) !== expected) return { ok: false, current: entry };
        const version = lastVersion + 1;
        await write(value, version, lock, lastVersion);
        return { ok: true, version };
      });
    },

    async delete(): Promise<void> {
      await lockedWrite(async (lock) => {
        const { entry, lastVersion } = await readForUpdate(lock);
        if (entry !== null) await write(null, lastVersion + 1, lock, lastVersion);
      });
    },
  };
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigurationError(`fileStore option \`${name}\` must be a positive number of milliseconds.`);
  }
  return value;
}
