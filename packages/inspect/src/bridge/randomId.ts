/**
 * 16 random hex digits for a session id. `crypto.getRandomValues` rather than `randomUUID`, which browsers only
 * offer in secure contexts (an app on a LAN address over http is not one).
 */
export function randomId(): string {
  const bytes = new Uint8Array(8);
  if (typeof globalThis.crypto?.getRandomValues === 'function') globalThis.crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
