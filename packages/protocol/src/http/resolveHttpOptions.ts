import { decodeDeviceInfo } from '../deviceInfo/decodeDeviceInfo.ts';
import { encodeDeviceInfo } from '../deviceInfo/encodeDeviceInfo.ts';
import { ConfigurationError } from '../errors/ConfigurationError.ts';
import { ContractError } from '../errors/ContractError.ts';
import { summarizeIssues } from '../validation/summarizeIssues.ts';
import { DEFAULT_ENDPOINTS } from './DEFAULT_ENDPOINTS.ts';
import type { DcrHttpOptions } from './types.ts';

// Bundlers define it; declared here rather than through @types/node, which the build does not load.
declare const process: { readonly env: { readonly NODE_ENV?: string } };

/**
 * `DcrHttpOptions` after validation: everything a request builder needs, nothing left to check.
 *
 * @example
 * ```ts
 * const config: ResolvedHttpOptions = resolveHttpOptions({ baseUrl: 'https://sp.auth.adobe.com' });
 * ```
 */
export interface ResolvedHttpOptions {
  readonly urls: { readonly register: string; readonly token: string };
  /** Header name → value, applied to every DCR request before the protocol's own headers. */
  readonly headers: ReadonlyMap<string, readonly [name: string, value: string]>;
  readonly tokenAuthMethod: 'client_secret_post' | 'client_secret_basic';
  readonly timeoutMs: number;
  readonly fetch: typeof globalThis.fetch | undefined;
}

const DEFAULT_TIMEOUT_MS = 10_000;
// setTimeout stores delays as 32-bit signed integers; larger values fire immediately.
const MAX_TIMEOUT_MS = 2_147_483_647;
// RFC 9110 §5.1 token characters.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Header values are byte strings: no control characters (line breaks would split headers), nothing above U+00FF.
const HEADER_VALUE = /^[\t\u0020-\u007e\u0080-\u00ff]*$/;
// The protocol owns these: letting callers set them would silently break the exchange.
const RESERVED_HEADERS = new Set(['content-type', 'content-length', 'authorization', 'host', 'accept']);

/** What `resolveHttpOptions` returned: `createDcrHttp` takes these as they are, without validating them again. */
const RESOLVED = new WeakSet<object>();

/** True for an object `resolveHttpOptions` returned. */
export function isResolvedHttpOptions(value: unknown): value is ResolvedHttpOptions {
  return typeof value === 'object' && value !== null && RESOLVED.has(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function parseHttpUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function resolveBaseUrl(value: unknown): URL {
  const text = value instanceof URL ? value.href : value;
  if (typeof text !== 'string' || text.trim() === '') {
    throw ConfigurationError.forOption(
      'baseUrl',
      process.env.NODE_ENV !== 'production' &&
        "baseUrl must be an absolute http(s) URL such as 'https://sp.auth.adobe.com', given as a string or URL.",
    );
  }
  const url = parseHttpUrl(text.trim());
  if (url === undefined) {
    throw ConfigurationError.forOption(
      'baseUrl',
      process.env.NODE_ENV !== 'production' &&
        "baseUrl must be an absolute http(s) URL such as 'https://sp.auth.adobe.com'.",
    );
  }
  checkUrlParts('baseUrl', url);
  return url;
}

function checkUrlParts(option: string, url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw ConfigurationError.forOption(
      option,
      process.env.NODE_ENV !== 'production' &&
        `${option} must be an http or https URL, not ${url.protocol.replace(/:$/, '')}.`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    // Credentials in a URL end up in logs and error messages; fetch also refuses them.
    throw ConfigurationError.forOption(
      option,
      process.env.NODE_ENV !== 'production' && `${option} must not contain a user name or password.`,
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw ConfigurationError.forOption(
      option,
      process.env.NODE_ENV !== 'production' && `${option} must not contain a query or fragment.`,
    );
  }
}

function resolveEndpoint(name: 'register' | 'token', value: unknown, base: URL): string {
  const option = `endpoints.${name}`;
  if (typeof value !== 'string' || value === '') {
    throw ConfigurationError.forOption(
      option,
      process.env.NODE_ENV !== 'production' && `${option} must be a path starting with '/' or an absolute http(s) URL.`,
    );
  }
  if (value.startsWith('/') && !value.startsWith('//')) {
    if (/[?#]/.test(value))
      throw ConfigurationError.forOption(
        option,
        process.env.NODE_ENV !== 'production' && `${option} must not contain a query or fragment.`,
      );
    const url = new URL(base.href);
    // Joined, not resolved: a baseUrl with a path (a proxy prefix) keeps it.
    url.pathname = base.pathname.replace(/\/+$/, '') + value;
    return url.href;
  }
  const url = parseHttpUrl(value);
  if (url === undefined) {
    throw ConfigurationError.forOption(
      option,
      process.env.NODE_ENV !== 'production' && `${option} must be a path starting with '/' or an absolute http(s) URL.`,
    );
  }
  checkUrlParts(option, url);
  return url.href;
}

function checkHeaderValue(option: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || !HEADER_VALUE.test(value)) {
    throw ConfigurationError.forOption(
      option,
      process.env.NODE_ENV !== 'production' &&
        `${option} must be a non-empty string of Latin-1 characters without line breaks or control characters.`,
    );
  }
  return value;
}

function resolveDeviceInfo(value: unknown): string {
  if (typeof value === 'string') {
    try {
      decodeDeviceInfo(value);
    } catch (error) {
      if (ContractError.is(error)) {
        throw ConfigurationError.forOption(
          'deviceInfo',
          process.env.NODE_ENV !== 'production' &&
            `deviceInfo is not a valid X-Device-Info value: ${summarizeIssues(error.issues)}.`,
        );
      }
      throw error;
    }
    return value.trim();
  }
  if (!isPlainObject(value)) {
    throw ConfigurationError.forOption(
      'deviceInfo',
      process.env.NODE_ENV !== 'production' &&
        'deviceInfo must be a device information object or an encoded X-Device-Info string.',
    );
  }
  return encodeDeviceInfo(value as Parameters<typeof encodeDeviceInfo>[0]);
}

/**
 * Validates `DcrHttpOptions` up front, so a misconfiguration fails at construction with a sentence naming the
 * option instead of as a confusing HTTP error later. `createDcrHttp` takes the result as it is: options validated
 * once (this is how `createDcrClient` builds its HTTP client, lazily, from the options it checked at construction).
 *
 * @example
 * ```ts
 * const config = resolveHttpOptions({ baseUrl: 'https://sp.auth.adobe.com', tokenAuthMethod: 'client_secret_basic' });
 * config.urls.token; // 'https://sp.auth.adobe.com/o/client/token'
 * ```
 */
export function resolveHttpOptions(options: DcrHttpOptions): ResolvedHttpOptions {
  if (!isPlainObject(options))
    throw ConfigurationError.forOption(
      'options',
      process.env.NODE_ENV !== 'production' && 'createDcrHttp options must be an object.',
    );
  const base = resolveBaseUrl(options.baseUrl);

  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw ConfigurationError.forOption(
      'fetch',
      process.env.NODE_ENV !== 'production' && 'fetch must be a function when given.',
    );
  }

  const endpoints: unknown = options.endpoints ?? {};
  if (!isPlainObject(endpoints)) {
    throw ConfigurationError.forOption(
      'endpoints',
      process.env.NODE_ENV !== 'production' && 'endpoints must be an object with optional register and token paths.',
    );
  }
  const extra = Object.keys(endpoints).filter((key) => key !== 'register' && key !== 'token');
  if (extra.length > 0) {
    throw ConfigurationError.forOption(
      'endpoints',
      process.env.NODE_ENV !== 'production' &&
        `endpoints only takes register and token; got ${extra.map((key) => JSON.stringify(key)).join(', ')}.`,
    );
  }
  const urls = {
    register: resolveEndpoint('register', endpoints.register ?? DEFAULT_ENDPOINTS.register, base),
    token: resolveEndpoint('token', endpoints.token ?? DEFAULT_ENDPOINTS.token, base),
  };

  const tokenAuthMethod = options.tokenAuthMethod ?? 'client_secret_post';
  if (tokenAuthMethod !== 'client_secret_post' && tokenAuthMethod !== 'client_secret_basic') {
    throw ConfigurationError.forOption(
      'tokenAuthMethod',
      process.env.NODE_ENV !== 'production' && "tokenAuthMethod must be 'client_secret_post' or 'client_secret_basic'.",
    );
  }

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_TIMEOUT_MS) {
    throw ConfigurationError.forOption(
      'timeoutMs',
      process.env.NODE_ENV !== 'production' &&
        `timeoutMs must be a positive number of milliseconds no greater than ${MAX_TIMEOUT_MS}.`,
    );
  }

  const headers = new Map<string, readonly [string, string]>();
  if (options.headers !== undefined) {
    if (!isPlainObject(options.headers)) {
      throw ConfigurationError.forOption(
        'headers',
        process.env.NODE_ENV !== 'production' && 'headers must be an object of header names to string values.',
      );
    }
    for (const [name, value] of Object.entries(options.headers)) {
      if (!HEADER_NAME.test(name)) {
        throw ConfigurationError.forOption(
          'headers',
          process.env.NODE_ENV !== 'production' && `headers has an invalid header name ${JSON.stringify(name)}.`,
        );
      }
      if (RESERVED_HEADERS.has(name.toLowerCase())) {
        throw ConfigurationError.forOption(
          'headers',
          process.env.NODE_ENV !== 'production' && `headers cannot set ${name}: dcrflow sets it for each DCR request.`,
        );
      }
      headers.set(name.toLowerCase(), [name, checkHeaderValue(`headers[${JSON.stringify(name)}]`, value)]);
    }
  }
  if (options.deviceInfo !== undefined) {
    headers.set('x-device-info', ['X-Device-Info', resolveDeviceInfo(options.deviceInfo)]);
  }
  if (options.userAgent !== undefined) {
    headers.set('user-agent', ['User-Agent', checkHeaderValue('userAgent', options.userAgent)]);
  }
  if (options.forwardedFor !== undefined) {
    headers.set('x-forwarded-for', ['X-Forwarded-For', checkHeaderValue('forwardedFor', options.forwardedFor)]);
  }

  const resolved: ResolvedHttpOptions = {
    urls,
    headers,
    tokenAuthMethod,
    timeoutMs: Math.ceil(timeoutMs),
    fetch: options.fetch,
  };
  RESOLVED.add(resolved);
  return resolved;
}
