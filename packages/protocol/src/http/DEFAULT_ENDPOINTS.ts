/**
 * Paths of the two DCR endpoints, joined to `baseUrl`. Source: Adobe DCR OpenAPI (`servers` end in `/o`, paths
 * `/client/register` and `/client/token`).
 *
 * @example
 * ```ts
 * import { DEFAULT_ENDPOINTS } from '@dcrflow/protocol';
 * new URL(DEFAULT_ENDPOINTS.token, 'https://sp.auth.adobe.com').href; // 'https://sp.auth.adobe.com/o/client/token'
 * ```
 */
export const DEFAULT_ENDPOINTS: { readonly register: '/o/client/register'; readonly token: '/o/client/token' } =
  Object.freeze({ register: '/o/client/register', token: '/o/client/token' } as const);
