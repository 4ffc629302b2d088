import { type CredentialStore, createDcrClient, memoryStore } from '@dcrflow/core';
import { ConfigurationError } from '@dcrflow/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { BrowserStorageError, ENCRYPTED_FORMAT, encrypted, UNDECRYPTABLE_VALUE, webStore } from '../../src/index.ts';
import { generateKey, uniqueName } from './support/fresh.ts';
import { inPageSimulator } from './support/inPageSimulator.ts';

interface Envelope {
  format: string;
  iv: string;
  data: string;
}

async function innerEnvelope(inner: CredentialStore): Promise<Envelope> {
  const entry = await inner.get();
  if (entry === null) throw new Error('the inner store is empty');
  return JSON.parse(entry.value) as Envelope;
}

/** Overwrites the inner entry's value in place (same version), as an attacker or a disk fault would. */
async function tamper(inner: CredentialStore, change: (envelope: Envelope) => unknown): Promise<void> {
  const entry = await inner.get();
  if (entry === null) throw new Error('the inner store is empty');
  const changed = change(JSON.parse(entry.value) as Envelope);
  const replacement = typeof changed === 'string' ? changed : JSON.stringify(changed);
  const result = await inner.set(replacement, { expectedVersion: entry.version });
  if (!result.ok) throw new Error('tampering lost a race');
}

/** Flips one bit of a Base64 field's decoded bytes; a negative index counts from the end (the GCM tag). */
function flipBit(base64: string, index: number): string {
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  const at = ((index % bytes.length) + bytes.length) % bytes.length;
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return btoa(String.fromCharCode(...bytes));
}

const keys: string[] = [];
afterEach(() => {
  for (const key of keys.splice(0)) localStorage.removeItem(key);
});

describe('encrypted', () => {
  it('stores AES-GCM envelopes with a fresh 96-bit IV per write and no plaintext', async () => {
    const inner = memoryStore();
    const store = encrypted(inner, { key: await generateKey() });
    const secret = '{"clientSecret":"very-secret-value"}';
    const first = await store.set(secret, { expectedVersion: null });
    const firstEnvelope = await innerEnvelope(inner);
    expect(firstEnvelope.format).toBe(ENCRYPTED_FORMAT);
    expect(atob(firstEnvelope.iv)).toHaveLength(12);
    expect(JSON.stringify(await inner.get())).not.toContain('very-secret-value');
    await store.set(secret, { expectedVersion: first.ok ? first.version : -1 });
    const secondEnvelope = await innerEnvelope(inner);
    expect(secondEnvelope.iv).not.toBe(firstEnvelope.iv);
    expect(secondEnvelope.data).not.toBe(firstEnvelope.data);
    expect(await store.get()).toEqual({ value: secret, version: 2 });
  });

  it('keeps the inner store versions and returns the decrypted winner on a conflict', async () => {
    const key = await generateKey();
    const inner = memoryStore();
    const tabA = encrypted(inner, { key });
    const tabB = encrypted(inner, { key });
    expect(await tabA.set('winner', { expectedVersion: null })).toEqual({ ok: true, version: 1 });
    expect(await tabB.set('loser', { expectedVersion: null })).toEqual({
      ok: false,
      current: { value: 'winner', version: 1 },
    });
  });

  const tampering: [string, (envelope: Envelope) => unknown][] = [
    ['a flipped ciphertext bit', (envelope) => ({ ...envelope, data: flipBit(envelope.data, 3) })],
    ['a flipped authentication tag bit', (envelope) => ({ ...envelope, data: flipBit(envelope.data, -1) })],
    ['a flipped IV bit', (envelope) => ({ ...envelope, iv: flipBit(envelope.iv, 0) })],
    ['a truncated ciphertext', (envelope) => ({ ...envelope, data: envelope.data.slice(0, 8) })],
    ['an IV of the wrong length', (envelope) => ({ ...envelope, iv: btoa('short') })],
    ['another format tag (the additional data)', (envelope) => ({ ...envelope, format: 'dcrflow.aes-gcm.v2' })],
    ['fields that are not Base64', (envelope) => ({ ...envelope, data: '***' })],
    ['plaintext written by an unencrypted store', () => '{"format":"dcrflow.v1","registered":true}'],
    ['something that is not JSON', () => 'garbage'],
  ];
  for (const [what, change] of tampering) {
    it(`reads ${what} as the undecryptable marker with the same version, never throwing`, async () => {
      const inner = memoryStore();
      const store = encrypted(inner, { key: await generateKey() });
      await store.set('{"secret":"x"}', { expectedVersion: null });
      await tamper(inner, change);
      expect(await store.get()).toEqual({ value: UNDECRYPTABLE_VALUE, version: 2 });
    });
  }

  it('reads data encrypted under another key as the undecryptable marker', async () => {
    const inner = memoryStore();
    await encrypted(inner, { key: await generateKey() }).set('written with key A', { expectedVersion: null });
    const withKeyB = encrypted(inner, { key: await generateKey() });
    expect(await withKeyB.get()).toEqual({ value: UNDECRYPTABLE_VALUE, version: 1 });
    // The marker is not JSON: core's decoder rejects it as store_corrupt.
    expect(() => JSON.parse(UNDECRYPTABLE_VALUE)).toThrow(SyntaxError);
    // And the next write (compare-and-set over the unreadable version) replaces it.
    expect(await withKeyB.set('rewritten', { expectedVersion: 1 })).toEqual({ ok: true, version: 2 });
    expect(await withKeyB.get()).toEqual({ value: 'rewritten', version: 2 });
  });

  it('makes a client treat tampered credentials as lost: store_corrupt, one new registration, reauthenticationRequired', async () => {
    const { simulator, baseUrl, softwareStatement, fetch } = await inPageSimulator();
    const storageKey = uniqueName('encrypted-client');
    keys.push(storageKey);
    const key = await generateKey();
    const inner = webStore({ storage: localStorage, key: storageKey });
    const first = createDcrClient({ baseUrl, softwareStatement, fetch, store: encrypted(inner, { key }) });
    await first.getAccessToken();
    const firstClientId = first.actor.getSnapshot().context.clientId;
    first.stop();
    expect(simulator.stats().registrations.total).toBe(1);

    await tamper(inner, (envelope) => ({ ...envelope, data: flipBit(envelope.data, 10) }));

    const second = createDcrClient({ baseUrl, softwareStatement, fetch, store: encrypted(inner, { key }) });
    const errors: string[] = [];
    const reauthentications: { clientId: string; previousClientId: string | null }[] = [];
    second.on('error', (error) => errors.push(error.code));
    second.on('reauthenticationRequired', (event) => reauthentications.push(event));
    await second.getAccessToken();
    expect(errors).toContain('store_corrupt');
    expect(second.state).toBe('tokenValid');
    expect(simulator.stats().registrations.total).toBe(2);
    expect(reauthentications).toHaveLength(1);
    expect(reauthentications[0]?.clientId).not.toBe(firstClientId);
    // The replacement is encrypted again and readable with the key.
    expect((await encrypted(inner, { key }).get())?.value).toContain(reauthentications[0]?.clientId);
    second.stop();
  });

  it('uses a non-extractable default key kept in IndexedDB "dcrflow-keys", shared by every encrypted store', async () => {
    const inner = memoryStore();
    await encrypted(inner).set('shared', { expectedVersion: null });
    expect(await encrypted(inner).get()).toEqual({ value: 'shared', version: 1 });
    const stored = await new Promise<unknown>((resolve, reject) => {
      const open = indexedDB.open('dcrflow-keys');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const request = open.result.transaction('keys', 'readonly').objectStore('keys').get('default');
        request.onsuccess = () => {
          open.result.close();
          resolve(request.result);
        };
        request.onerror = () => reject(request.error);
      };
    });
    expect(stored).toBeInstanceOf(CryptoKey);
    const key = stored as CryptoKey;
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toEqual({ name: 'AES-GCM', length: 256 });
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('rejects (does not report lost credentials) when the key cannot be obtained, and asks again next time', async () => {
    const inner = memoryStore();
    const key = await generateKey();
    await encrypted(inner, { key }).set('kept', { expectedVersion: null });
    let calls = 0;
    const flaky = encrypted(inner, {
      key: async () => {
        calls += 1;
        if (calls === 1) throw new Error('keyring locked');
        return key;
      },
    });
    const failure = await flaky.get().catch((error: unknown) => error);
    expect(BrowserStorageError.is(failure)).toBe(true);
    expect((failure as Error).message).toBe('encrypted() could not obtain its key: the key function failed.');
    expect(await flaky.get()).toEqual({ value: 'kept', version: 1 });
    expect(calls).toBe(2);
  });

  it('rejects keys that are not AES-GCM 256 with encrypt and decrypt', async () => {
    const aes128 = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 128 }, false, ['encrypt', 'decrypt']);
    const encryptOnly = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt']);
    const cbc = await crypto.subtle.generateKey({ name: 'AES-CBC', length: 256 }, false, ['encrypt', 'decrypt']);
    for (const key of [aes128, encryptOnly, cbc]) {
      expect(() => encrypted(memoryStore(), { key })).toThrow(ConfigurationError);
    }
    const viaFunction = encrypted(memoryStore(), { key: async () => aes128 });
    await expect(viaFunction.set('x', { expectedVersion: null })).rejects.toThrow(
      'encrypted() key function must resolve an AES-GCM 256-bit CryptoKey with the usages "encrypt" and "decrypt".',
    );
    expect(() => encrypted({} as CredentialStore)).toThrow(
      'encrypted() expects a CredentialStore (an object with get, set and delete).',
    );
  });
});
