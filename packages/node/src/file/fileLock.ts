import { randomBytes } from 'node:crypto';
import { link, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileSystemError } from './fileSystemError.ts';
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
  readonly nonce: string;
}

function parseOwner(text: string): LockOwner | null {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.nonce === 'string') {
      return { pid: value.pid, host: value.host, nonce: value.nonce };
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

/** The suffix of temporary files: `<name>.tmp-<pid>-<hex>`, so leftovers of dead processes can be recognised. */
export function temporaryName(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
}

/**
 * Creates the lock file atomically with its owner already written: the owner goes to a temporary file first and is
 * hard-linked to the lock path (`link` fails with EEXIST when the lock exists). A process killed at any point leaves
 * either no lock or a complete one whose dead pid marks it stale — never an empty lock that would block everyone until
 * `staleMs`.
 */
async function tryCreate(lockPath: string, content: string): Promise<boolean> {
  const temp = temporaryName(lockPath);
  await writeFile(temp, content, { mode: 0o600, flag: 'wx' });
  try {
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
    text = await readFile(lockPath, 'utf8');
    modifiedAt = (await stat(lockPath)).mtimeMs;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return true;
    throw error;
  }
  const owner = parseOwner(text);
  const ownerDead = owner !== null && owner.host === hostname() && !processAlive(owner.pid);
  if (!ownerDead && Date.now() - modifiedAt < staleMs) return false;
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(6).toString('hex')}`;
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
 * Runs `task` while holding an exclusive lock file (`O_EXCL` semantics via `link`) shared by every process on this
 * machine. Waiters poll with a short capped backoff (at most 50 ms). A lock left by a killed process is recognised by
 * its dead pid and taken over at once; one older than `staleMs` is taken over too, so long holders renew it.
 */
export async function withFileLock<T>(lockPath: string, options: FileLockOptions, task: () => Promise<T>): Promise<T> {
  const nonce = randomBytes(12).toString('hex');
  const content = JSON.stringify({ pid: process.pid, host: hostname(), nonce, at: new Date().toISOString() });
  const started = Date.now();
  let delayMs = 2;
  try {
    for (;;) {
      if (await tryCreate(lockPath, content)) break;
      if (await breakIfStale(lockPath, options.staleMs)) continue;
      const waited = Date.now() - started;
      if (waited >= options.timeoutMs) throw options.timeoutError(waited);
      await sleep(delayMs + Math.random() * delayMs);
      delayMs = Math.min(delayMs * 2, 50);
    }
  } catch (error) {
    throw fileSystemError(error, 'lock', lockPath);
  }
  const renewal =
    options.renewEveryMs === undefined
      ? undefined
      : setInterval(() => {
          const now = new Date();
          void utimes(lockPath, now, now).catch(() => undefined);
        }, options.renewEveryMs);
  try {
    return await task();
  } finally {
    clearInterval(renewal);
    await release(lockPath, nonce);
  }
}
