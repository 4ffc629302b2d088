import type { CredentialStore, StoredEntry, StoreSetResult } from '@dcrflow/core';
import { ConfigurationError } from '@dcrflow/protocol';
import { BrowserStorageError } from '../errors/BrowserStorageError.ts';
import { base64ToBytes, bytesToBase64 } from './base64Bytes.ts';
import { defaultEncryptionKey } from './defaultEncryptionKey.ts';
import { isEncryptionKey } from './isEncryptionKey.ts';

/**
 * Where `encrypted()` gets its key: a CryptoKey, or a function that resolves one (called on first use; a rejection is
 * not cached, so the next store operation asks again).
 *
 * @example
 * ```ts
 * const key: EncryptionKeySource = () => loadKeyFromMyKeyring();
 * ```
 */
export type EncryptionKeySource = CryptoKey | (() => Promise<CryptoKey>);

/**
 * Options of {@link encrypted}.
 *
 * @example
 * ```ts
 * const options: EncryptedOptions = {}; // the default key kept in IndexedDB
 * ```
 */
export interface EncryptedOptions {
  /**
   * An AES-GCM 256-bit key allowed to encrypt and decrypt. Default: a non-extractable key generated once per origin
   * and kept in the IndexedDB database `dcrflow-keys`.
   */
  readonly key?: EncryptionKeySource;
}

/**
 * The envelope format tag. It is also the AES-GCM additional authenticated data: a ciphertext only opens as this
 * format. The entry version is deliberately not bound — the inner store assigns it after encryption.
 *
 * @example
 * ```ts
 * const raw = await innerStore.get();
 * const isEncrypted = raw !== null && JSON.parse(raw.value).format === ENCRYPTED_FORMAT;
 * ```
 */
export const ENCRYPTED_FORMAT = 'dcrflow.aes-gcm.v1';
const ADDITIONAL_DATA = new TextEncoder().encode(ENCRYPTED_FORMAT);
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * What `get()` returns instead of the plaintext when an entry cannot be opened (tampered, truncated, not encrypted,
 * or encrypted under another key). It is not JSON, so core reports `store_corrupt`, moves to `credentialsLost`,
 * registers again and tells the app the user must re-authenticate — the same outcome as lost storage, never a crash.
 *
 * @example
 * ```ts
 * const entry = await encrypted(store, { key }).get();
 * if (entry?.value === UNDECRYPTABLE_VALUE) console.warn('stored credentials are unreadable with this key');
 * ```
 */
export const UNDECRYPTABLE_VALUE = '‹encrypted: the stored value could not be decrypted›';

async function seal(key: CryptoKey, plaintext: string): Promise<string> {
  // A fresh random 96-bit IV per write (NIST SP 800-38D §8.2.2): never reuse an IV under one key.
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: ADDITIONAL_DATA, tagLength: TAG_BYTES * 8 },
    key,
    new TextEncoder().encode(plaintext),
  );
  return JSON.stringify({ format: ENCRYPTED_FORMAT, iv: bytesToBase64(iv), data: bytesToBase64(new Uint8Array(data)) });
}

async function open(key: CryptoKey, stored: string): Promise<string> {
  let envelope: unknown;
  try {
    envelope = JSON.parse(stored);
  } catch {
    return UNDECRYPTABLE_VALUE;
  }
  if (typeof envelope !== 'object' || envelope === null) return UNDECRYPTABLE_VALUE;
  const { format, iv, data } = envelope as { format?: unknown; iv?: unknown; data?: unknown };
  if (format !== ENCRYPTED_FORMAT || typeof iv !== 'string' || typeof data !== 'string') return UNDECRYPTABLE_VALUE;
  const ivBytes = base64ToBytes(iv);
  const dataBytes = base64ToBytes(data);
  if (ivBytes === null || ivBytes.length !== IV_BYTES || dataBytes === null || dataBytes.length < TAG_BYTES) {
    return UNDECRYPTABLE_VALUE;
  }
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: ivBytes, additionalData: ADDITIONAL_DATA, tagLength: TAG_BYTES * 8 },
      key,
      dataBytes,
    );
    return new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
  } catch {
    // OperationError: the tag did not verify (tampered data or another key).
    return UNDECRYPTABLE_VALUE;
  }
}

function keyResolver(source: EncryptionKeySource | undefined): () => Promise<CryptoKey> {
  if (source === undefined) return defaultEncryptionKey;
  if (typeof source !== 'function') {
    if (!isEncryptionKey(source)) {
      throw new ConfigurationError(
        'encrypted() option "key" must be an AES-GCM 256-bit CryptoKey with the usages "encrypt" and "decrypt".',
      );
    }
    const key = source;
    return () => Promise.resolve(key);
  }
  let cached: Promise<CryptoKey> | null = null;
  return () => {
    if (cached === null) {
      const resolving = Promise.resolve()
        .then(source)
        .then(
          (key) => {
            if (!isEncryptionKey(key)) {
              throw new ConfigurationError(
                'encrypted() key function must resolve an AES-GCM 256-bit CryptoKey with the usages "encrypt" and "decrypt".',
              );
            }
            return key;
          },
          (cause: unknown) => {
            throw new BrowserStorageError('encrypted() could not obtain its key: the key function failed.', {
              backend: 'encryption',
              operation: 'key',
              cause,
            });
          },
        );
      cached = resolving;
      resolving.catch(() => {
        if (cached === resolving) cached = null;
      });
    }
    return cached;
  };
}

/**
 * Wraps any {@link CredentialStore} so that values are encrypted at rest with AES-GCM 256 (WebCrypto): a random
 * 96-bit IV per write, the format tag `dcrflow.aes-gcm.v1` as additional authenticated data. Versions and the
 * compare-and-set are the inner store's; only the value changes.
 *
 * Key policy: by default a non-extractable key generated once per origin and kept in IndexedDB (`dcrflow-keys`), so
 * page script can use it but not read it out; or pass your own `key`. Trade-off: if the key is lost (site data
 * cleared in part, another key configured) the stored credentials cannot be read — core treats that as lost
 * credentials, registers again, and the user must re-authenticate. Tampered or undecryptable data never throws from
 * `get()`: it reads as a non-JSON value that core reports as `store_corrupt`. If the key itself cannot be obtained
 * (IndexedDB unavailable, your key function rejects) the operation rejects with a `BrowserStorageError` instead, so a
 * passing storage hiccup never throws good credentials away.
 *
 * @example
 * ```ts
 * import { encrypted, indexedDbStore } from '@dcrflow/browser';
 * const store = encrypted(indexedDbStore({ name: 'my-app-dcrflow' }));
 * // or with your own key:
 * const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
 * const storeWithMyKey = encrypted(indexedDbStore({ name: 'my-app-dcrflow' }), { key });
 * ```
 */
export function encrypted(store: CredentialStore, options: EncryptedOptions = {}): CredentialStore {
  if (
    typeof store !== 'object' ||
    store === null ||
    typeof store.get !== 'function' ||
    typeof store.set !== 'function' ||
    typeof store.delete !== 'function'
  ) {
    throw new ConfigurationError('encrypted() expects a CredentialStore (an object with get, set and delete).');
  }
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('encrypted() options must be an object: encrypted(store, { key }).');
  }
  const resolveKey = keyResolver(options.key);
  const decryptEntry = async (entry: StoredEntry | null): Promise<StoredEntry | null> => {
    if (entry === null) return null;
    return { value: await open(await resolveKey(), entry.value), version: entry.version };
  };
  return {
    async get() {
      const entry = await store.get();
      return decryptEntry(entry);
    },
    async set(value, setOptions): Promise<StoreSetResult> {
      if (typeof value !== 'string') throw new TypeError('encrypted store.set expects a string value.');
      const sealed = await seal(await resolveKey(), value);
      const result = await store.set(sealed, setOptions);
      if (result.ok) return result;
      return { ok: false, current: await decryptEntry(result.current) };
    },
    delete() {
      return store.delete();
    },
  };
}
