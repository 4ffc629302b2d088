import { randomBytes } from 'node:crypto';
import { link, lstat, readFile, rename, unlink, utimes, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigurationError } from '@dcrflow/protocol';
import { fileSystemError } from './fileSystemError.ts';
import { ownerIdentity } from './ownerIdentity.ts';
import { processAlive } from './processAlive.ts';

/** Timing of a {@link withFileLock} acquisition. */
export interface FileLockOptions {
  /** Give up (with a `FileStoreError`) after waiting this long. */
  readonly timeoutMs: number;
  /** A lock file older than this is taken over even if its process seems alive (pid reuse, another host). */
  readonly staleMs: number;
  /** Touch the lock file this often while holding it, so a long hold is never judged stale. */
  readonly renewEveryMs?: number;
  /** The error to throw after waiting `timeoutMs`. */
  readonly timeoutError: (waitedMs: number) => Error;
}

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** Boot id and PID namespace of the owner (see {@link ownerIdentity}); absent in locks of older versions. */
  readonly space: string | undefined;
  readonly nonce: string;
}

/**
 * Thrown inside a lock holder's task when it finds that its lock file is no longer its own: it was frozen (SIGSTOP,
 * VM suspend, NFS stall) past `staleMs` and another process took the lock over. Whatever it read under the lock may
 * be outdated, so it must not write; the caller starts over.
 */
export class LockLostError extends Error {
  override name = 'LockLostError';
}

function parseOwner(text: string): LockOwner | null {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.nonce === 'string') {
      const space = typeof value.space === 'string' ? value.space : undefined;
      return { pid: value.pid, host: value.host, space, nonce: value.nonce };
    }
  } catch {
    // An unreadable lock file is judged by its age alone.
  }
  return null;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The name of a temporary file beside `path`: `<name>.<kind>-<pid>-<identity tag>-<hex>`, so leftovers of dead
 * processes can be recognised — and only by a process that shares the writer's PID namespace (see
 * {@link ownerIdentity}), since the same pid means another process in another container.
 */
export function temporaryName(path: string, kind: 'tmp' | 'stale' = 'tmp'): string {
  return `${path}.${kind}-${process.pid}-${ownerIdentity().tag}-${randomBytes(6).toString('hex')}`;
}

/**
 * Creates the lock file atomically with its owner already written: the owner goes to a temporary file first and is
 * hard-linked to the lock path (`link` fails with EEXIST when the lock exists). A process killed at any point leaves
 * either no lock or a complete one whose dead pid marks it stale — never an empty lock that would block everyone until
 * `staleMs`.
 */
async function tryCreate(lockPath: string, content: string): Promise<boolean> {
  const temp = temporaryName(lockPath);
  try {
    // Inside the try: a write that fails half-way (ENOSPC) has already created the file, which must not stay behind.
    await writeFile(temp, content, { mode: 0o600, flag: 'wx' });
    await link(temp, lockPath);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/**
 * Removes the lock at `lockPath` when its owner is gone (dead pid on this host) or it is older than `staleMs`.
 * Returns true when the caller should try to acquire again at once.
 *
 * Why rename first: two waiters may both judge the same lock stale. The rename moves exactly one inode; the mover
 * then checks it moved the lock it judged (same content). If a third process had meanwhile taken a fresh lock and
 * that one was moved, it is linked straight back (the only loss would need a fourth process to create a lock in those
 * microseconds).
 */
async function breakIfStale(lockPath: string, staleMs: number): Promise<boolean> {
  let text: string;
  let modifiedAt: number;
  try {
    // lstat, not stat: a symbolic link (dangling or not) at the lock path is never a lock this code created. Reading
    // through a dangling one answered ENOENT, "gone, retry at once", forever — a busy loop that skipped the timeout.
    const stats = await lstat(lockPath);
    if (!stats.isFile()) {
      throw new ConfigurationError(
        `The lock path ${lockPath} is not a regular file (a symbolic link or other special file stands there); ` +
          'dcrflow never creates one. Remove it.',
      );
    }
    modifiedAt = stats.mtimeMs;
    text = await readFile(lockPath, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return true;
    throw error;
  }
  const owner = parseOwner(text);
  const me = ownerIdentity();
  // A pid is only meaningful in the PID namespace of the same boot of the same host: a lock of another container is
  // judged by its age alone. A lock without `space` was written by an older dcrflow and is judged as it judged it.
  const ownerDead =
    owner !== null &&
    owner.host === me.host &&
    (owner.space === undefined || owner.space === me.space) &&
    !processAlive(owner.pid);
  if (!ownerDead && Date.now() - modifiedAt < staleMs) return false;
  const aside = temporaryName(lockPath, 'stale');
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return true;
    throw error;
  }
  const moved = await readFile(aside, 'utf8').catch(() => null);
  if (moved !== text) await link(aside, lockPath).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
  return true;
}

async function release(lockPath: string, nonce: string): Promise<void> {
  const text = await readFile(lockPath, 'utf8').catch(() => null);
  // Only our own lock is removed: if it was (wrongly) taken over, the new holder's lock stays.
  if (text !== null && parseOwner(text)?.nonce === nonce) await unlink(lockPath).catch(() => undefined);
}

/**
 * Touches the lock file every `everyMs` while it is held. One utimes at a time, always with the newest tick's time:
 * concurrent utimes calls run on libuv's thread pool and may finish out of order, so an older tick landing last would
 * move the mtime backwards (a busy machine that delays ticks would then see a long hold go "stale"). `stop()` waits
 * for the writes in flight, so no renewal touches a lock file that a successor created after our release.
 */
export function startRenewal(lockPath: string, everyMs: number): { stop(): Promise<void> } {
  let wanted: Date | undefined;
  let writing: Promise<void> | undefined;
  const write = async () => {
    while (wanted !== undefined) {
      const at = wanted;
      wanted = undefined;
      await utimes(lockPath, at, at).catch(() => undefined);
    }
    writing = undefined;
  };
  const timer = setInterval(() => {
    wanted = new Date();
    writing ??= write();
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await writing;
    },
  };
}

/** Passed to a lock holder's task: re-checks, just before an irreversible step, that the lock is still its own. */
export interface HeldLock {
  /** Throws {@link LockLostError} when the lock file no longer carries this holder's nonce. */
  assertHeld(): Promise<void>;
}

/**
 * Runs `task` while holding an exclusive lock file (`O_EXCL` semantics via `link`) shared by every process on this
 * machine. Waiters poll with a short capped backoff (at most 50 ms). A lock left by a killed process is recognised by
 * its dead pid and taken over at once; one older than `staleMs` is taken over too, so long holders renew it. Because
 * a frozen holder cannot renew, a holder must call `assertHeld()` right before any write that relies on the lock.
 */
export async function withFileLock<T>(
  lockPath: string,
  options: FileLockOptions,
  task: (lock: HeldLock) => Promise<T>,
): Promise<T> {
  const nonce = randomBytes(12).toString('hex');
  const { host, space } = ownerIdentity();
  const content = JSON.stringify({ pid: process.pid, host, space, nonce, at: new Date().toISOString() });
  const started = Date.now();
  let delayMs = 2;
  try {
    for (;;) {
      if (await tryCreate(lockPath, content)) break;
      const retryAtOnce = await breakIfStale(lockPath, options.staleMs);
      // Checked on every round, including "retry at once", so no path can loop past the timeout.
      const waited = Date.now() - started;
      if (waited >= options.timeoutMs) throw options.timeoutError(waited);
      if (retryAtOnce) continue;
      await sleep(delayMs + Math.random() * delayMs);
      delayMs = Math.min(delayMs * 2, 50);
    }
  } catch (error) {
    throw fileSystemError(error, 'lock', lockPath);
  }
  const renewer = options.renewEveryMs === undefined ? undefined : startRenewal(lockPath, options.renewEveryMs);
  const lock: HeldLock = {
    async assertHeld() {
      const text = await readFile(lockPath, 'utf8').catch(() => null);
      if (text === null || parseOwner(text)?.nonce !== nonce) {
        throw new LockLostError(
          `The lock ${lockPath} was taken over while this process held it (frozen past staleMs).`,
        );
      }
    },
  };
  try {
    return await task(lock);
  } finally {
    await renewer?.stop();
    await release(lockPath, nonce);
  }
}
