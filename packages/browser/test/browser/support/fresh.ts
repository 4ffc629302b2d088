// Unique names per test so stores never see each other's data, plus cleanup helpers.

let counter = 0;

/** A name no other test in this run uses. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

/** Deletes an IndexedDB database; resolves once it is gone (open connections close on `versionchange`). */
export function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

/** Replaces `navigator.locks` with `undefined` for the duration of `run` (browsers without Web Locks). */
export async function withoutWebLocks<T>(run: () => Promise<T>): Promise<T> {
  Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true });
  try {
    return await run();
  } finally {
    // Removing the own property uncovers Navigator.prototype.locks again.
    delete (navigator as { locks?: unknown }).locks;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A fresh AES-GCM 256 key. */
export function generateKey(extractable = false): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, extractable, ['encrypt', 'decrypt']);
}
