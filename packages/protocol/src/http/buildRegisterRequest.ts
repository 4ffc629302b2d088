import { ConfigurationError } from '../errors/ConfigurationError.ts';
import type { RegisterRequest } from '../schemas/registerRequestSchema.ts';
import type { PreparedRequest } from './PreparedRequest.ts';
import type { ResolvedHttpOptions } from './resolveHttpOptions.ts';
import type { RegisterInput } from './types.ts';

// Bundlers define it; declared here rather than through @types/node, which the build does not load.
declare const process: { readonly env: { readonly NODE_ENV?: string } };

const PROTOCOL_KEYS = ['software_statement', 'redirect_uri'] as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * `POST /o/client/register` with a JSON body `{ software_statement, redirect_uri?, ...metadata }` and
 * `Content-Type: application/json;charset=utf-8`, `Accept: application/json`, plus the configured device headers.
 * Source: Adobe DCR API reference "Register client application"; RFC 7591 §3.1.
 *
 * @example
 * ```ts
 * import { buildRegisterRequest, processRegisterResponse, readResponseSnapshot, resolveHttpOptions } from '@dcrflow/protocol';
 * const request = buildRegisterRequest(resolveHttpOptions({ baseUrl }), { softwareStatement });
 * const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
 * const credentials = processRegisterResponse(await readResponseSnapshot(response), { secrets: request.secrets });
 * ```
 */
export function buildRegisterRequest(config: ResolvedHttpOptions, input: RegisterInput): PreparedRequest {
  if (!isPlainObject(input)) {
    throw ConfigurationError.forOption(
      'register input',
      process.env.NODE_ENV !== 'production' && 'register input must be an object with a softwareStatement.',
    );
  }
  const { softwareStatement, redirectUri, metadata } = input;
  if (typeof softwareStatement !== 'string' || softwareStatement.trim() === '') {
    throw ConfigurationError.forOption(
      'softwareStatement',
      process.env.NODE_ENV !== 'production' && 'softwareStatement must be a non-empty string.',
    );
  }
  if (redirectUri !== undefined && (typeof redirectUri !== 'string' || redirectUri.trim() === '')) {
    throw ConfigurationError.forOption(
      'redirectUri',
      process.env.NODE_ENV !== 'production' && 'redirectUri must be a non-empty string when given.',
    );
  }
  if (metadata !== undefined && !isPlainObject(metadata)) {
    throw ConfigurationError.forOption(
      'metadata',
      process.env.NODE_ENV !== 'production' && 'metadata must be a plain object when given.',
    );
  }
  for (const key of PROTOCOL_KEYS) {
    // The keys a spread would send (not Object.hasOwn: the default path calls none of the post-ES2020 APIs that
    // only ky needs, docs/runtime-support.md).
    if (metadata !== undefined && Object.keys(metadata).includes(key)) {
      throw ConfigurationError.forOption(
        'metadata',
        process.env.NODE_ENV !== 'production' &&
          `metadata must not contain ${key}; pass it as ${key === 'redirect_uri' ? 'redirectUri' : 'softwareStatement'}.`,
      );
    }
  }
  const payload: RegisterRequest = {
    software_statement: softwareStatement,
    ...(redirectUri === undefined ? {} : { redirect_uri: redirectUri }),
    ...metadata,
  };
  let body: string;
  try {
    body = JSON.stringify(payload);
  } catch {
    throw ConfigurationError.forOption(
      'metadata',
      process.env.NODE_ENV !== 'production' && 'metadata cannot be serialised to JSON.',
    );
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of config.headers.values()) headers[name] = value;
  headers['Content-Type'] = 'application/json;charset=utf-8';
  headers.Accept = 'application/json';
  return { endpoint: 'register', url: config.urls.register, headers, body, secrets: [softwareStatement] };
}
