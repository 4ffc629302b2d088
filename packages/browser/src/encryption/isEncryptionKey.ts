/** True for a CryptoKey usable by `encrypted()`: AES-GCM, 256 bits, allowed to encrypt and decrypt. */
export function isEncryptionKey(value: unknown): value is CryptoKey {
  if (typeof CryptoKey === 'undefined' || !(value instanceof CryptoKey)) return false;
  const algorithm = value.algorithm as Partial<AesKeyAlgorithm>;
  return (
    algorithm.name === 'AES-GCM' &&
    algorithm.length === 256 &&
    value.usages.includes('encrypt') &&
    value.usages.includes('decrypt')
  );
}
