import type { DeviceInfo } from '../schemas/deviceInfoSchema.ts';

/**
 * Options of `createDcrHttp`.
 *
 * @example
 * ```ts
 * import type { DcrHttpOptions } from '@dcrflow/protocol';
 * const options: DcrHttpOptions = { baseUrl: 'https://sp.auth-staging.adobe.com', timeoutMs: 5_000 };
 * ```
 */
export interface DcrHttpOptions {
  /** Host root such as `https://sp.auth.adobe.com` (without `/o`); endpoint paths are appended to its path. */
  baseUrl: string | URL;
  /** Defaults to `globalThis.fetch`, looked up at request time so late polyfills and test stubs apply. */
  fetch?: typeof globalThis.fetch;
  /** An object (validated and encoded) or an already encoded `X-Device-Info` value (validated). */
  deviceInfo?: DeviceInfo | string;
  userAgent?: string;
  /** Server-to-server: the real device's IP, sent as `X-Forwarded-For`. */
  forwardedFor?: string;
  /** Paths (starting with `/`) or absolute http(s) URLs. Defaults: `DEFAULT_ENDPOINTS`. */
  endpoints?: { register?: string; token?: string };
  /** How the token request authenticates the client (RFC 6749 §2.3.1). Default `client_secret_post`. */
  tokenAuthMethod?: 'client_secret_post' | 'client_secret_basic';
  /** Deadline for the whole exchange, response body included. Default 10 000 ms. */
  timeoutMs?: number;
  /** Extra headers on every DCR request. `Content-Type`, `Content-Length`, `Authorization` and `Host` are refused. */
  headers?: Record<string, string>;
}

/**
 * Input of `DcrHttp.register`.
 *
 * @example
 * ```ts
 * import type { RegisterInput } from '@dcrflow/protocol';
 * const input: RegisterInput = { softwareStatement: statementJwt, redirectUri: 'https://app.example/cb' };
 * ```
 */
export interface RegisterInput {
  softwareStatement: string;
  redirectUri?: string;
  /** Extra RFC 7591 §2 client metadata for servers that take it (`client_name`, ...). */
  metadata?: Record<string, unknown>;
}

/**
 * Credentials returned by registration, to be stored persistently.
 *
 * @example
 * ```ts
 * import type { ClientCredentials } from '@dcrflow/protocol';
 * function save(credentials: ClientCredentials) { store.set('dcr', JSON.stringify(credentials)); }
 * ```
 */
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  /** Epoch ms (`client_id_issued_at` normalised from seconds). */
  issuedAt: number | undefined;
  redirectUris: readonly string[] | undefined;
  grantTypes: readonly string[] | undefined;
  scopes: readonly string[] | undefined;
}

/**
 * An access token as returned by the token endpoint.
 *
 * @example
 * ```ts
 * import type { TokenGrant } from '@dcrflow/protocol';
 * const expiresAt = (grant: TokenGrant, receivedAt: number) => receivedAt + grant.expiresIn * 1000;
 * ```
 */
export interface TokenGrant {
  accessToken: string;
  /** As sent (`'bearer'`). */
  tokenType: string;
  /** Seconds, as returned. */
  expiresIn: number;
  /** Epoch ms (`created_at` in seconds or milliseconds, detected by magnitude). */
  createdAt: number | undefined;
  id: string | undefined;
}

/**
 * Per-request options.
 *
 * @example
 * ```ts
 * import type { RequestOptions } from '@dcrflow/protocol';
 * const options: RequestOptions = { signal: AbortSignal.timeout(2_000) };
 * ```
 */
export interface RequestOptions {
  signal?: AbortSignal;
}

/**
 * The two DCR calls. One attempt each: retries belong to the caller (the lifecycle machine).
 *
 * @example
 * ```ts
 * import { createDcrHttp, type DcrHttp } from '@dcrflow/protocol';
 * const http: DcrHttp = createDcrHttp({ baseUrl: 'https://sp.auth.adobe.com' });
 * ```
 */
export interface DcrHttp {
  register(input: RegisterInput, options?: RequestOptions): Promise<ClientCredentials>;
  requestToken(credentials: { clientId: string; clientSecret: string }, options?: RequestOptions): Promise<TokenGrant>;
}
