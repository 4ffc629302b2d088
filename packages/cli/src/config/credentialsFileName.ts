import { createHash } from 'node:crypto';

function slug(value: string, maxLength: number): string {
  const cleaned = value.replace(/[^A-Za-z0-9.-]+/g, '_').replace(/^[_.]+|_+$/g, '');
  return (cleaned === '' ? 'x' : cleaned).slice(0, maxLength);
}

/**
 * The cache file name for one base URL and software id: readable (`<host>--<software id>`) and unique (a hash of both
 * exact values, since the readable part folds characters). One application instance per base URL and statement
 * family, so two servers or two apps never share credentials.
 *
 * @example
 * ```ts
 * credentialsFileName('https://sp.auth.adobe.com', 'a1b2-c3'); // 'sp.auth.adobe.com--a1b2-c3--<8 hex>.json'
 * ```
 */
export function credentialsFileName(baseUrl: string, softwareId: string): string {
  const url = new URL(baseUrl);
  const where = slug(`${url.host}${url.pathname === '/' ? '' : url.pathname}`, 80);
  const hash = createHash('sha256').update(`${baseUrl}\n${softwareId}`).digest('hex').slice(0, 8);
  return `${where}--${slug(softwareId, 64)}--${hash}.json`;
}
