import { ConfigurationError } from '@dcrflow/protocol';

// Bundlers define it; declared here rather than through @types/node, which the build does not load.
declare const process: { readonly env: { readonly NODE_ENV?: string } };

/** Hosts whose plain-http traffic never leaves the machine: `localhost` (RFC 6761 §6.3), 127.0.0.0/8, `[::1]`. */
function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    /^127(?:\.\d{1,3}){3}$/.test(hostname) ||
    hostname === '[::1]'
  );
}

/**
 * Reads the `fetchOrigins` option: absolute URLs whose origins `client.fetch()` may send the Bearer token to, besides
 * the `baseUrl` origin. Each must be `https:`, or `http:` on a loopback host — a token sent over plain http to
 * another machine can be read by anyone on the path (RFC 6750 §5.3: "always use TLS").
 *
 * @example
 * ```ts
 * parseFetchOrigins(['https://api.example.com/v1']); // ['https://api.example.com']
 * parseFetchOrigins(['http://api.example.com']); // throws ConfigurationError
 * ```
 */
export function parseFetchOrigins(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw ConfigurationError.forOption(
      'fetchOrigins',
      process.env.NODE_ENV !== 'production' &&
        'fetchOrigins must be an array of origins, e.g. ["https://api.example.com"].',
    );
  }
  return value.map((entry: unknown, index) => {
    let url: URL;
    try {
      if (typeof entry !== 'string' && !(entry instanceof URL)) throw new TypeError('not a string');
      url = new URL(String(entry));
    } catch {
      throw ConfigurationError.forOption(
        `fetchOrigins[${index}]`,
        process.env.NODE_ENV !== 'production' &&
          `fetchOrigins[${index}] is not an absolute URL, e.g. "https://api.example.com".`,
      );
    }
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      throw ConfigurationError.forOption(
        `fetchOrigins[${index}]`,
        process.env.NODE_ENV !== 'production' &&
          `fetchOrigins[${index}] (${url.origin}) is plain http on a non-loopback host: client.fetch() would send the ` +
            'access token in clear text. Use https, or a loopback host (127.0.0.1, localhost) for local servers.',
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw ConfigurationError.forOption(
        `fetchOrigins[${index}]`,
        process.env.NODE_ENV !== 'production' && `fetchOrigins[${index}] must use https (or http on a loopback host).`,
      );
    }
    return url.origin;
  });
}

/**
 * The check `client.fetch()` runs before it asks for a token: the request's origin (scheme, host and port) must be the
 * `baseUrl` origin — where the DCR requests already go — or one listed in `fetchOrigins`. Anything else is a
 * `ConfigurationError` and no token is attached or even obtained: a URL built from user input, a redirect target
 * copied from a response, or an `http:` typo must not carry the token to another host. (Cross-origin redirects are
 * covered by fetch itself, which drops `Authorization` when a redirect leaves the origin.)
 *
 * @example
 * ```ts
 * const assertAllowed = fetchOriginPolicy('https://sp.auth.adobe.com', []);
 * assertAllowed('https://evil.example/x'); // throws ConfigurationError
 * ```
 */
export function fetchOriginPolicy(baseOrigin: string, fetchOrigins: readonly string[]): (url: string) => void {
  const allowed = new Set([baseOrigin, ...fetchOrigins]);
  return (url) => {
    const origin = new URL(url).origin;
    if (allowed.has(origin)) return;
    throw new ConfigurationError(
      `client.fetch() refused to send the access token to ${origin}: only ${[...allowed].join(', ')} ` +
        'may receive it. Add the origin to the fetchOrigins option if it is an API you trust.',
    );
  };
}
