import { scrubSecrets } from './scrubSecrets.ts';

const MAX_DEPTH = 4;

/**
 * Rebuilds an error chain (ky's NetworkError → undici's `fetch failed` → `ECONNREFUSED` ...) as plain `Error`s that
 * keep only `name`, `message` (secrets scrubbed) and a string `code`. The originals carry the `Request` — with its
 * Authorization header and form body — so they must never be reachable from our errors.
 */
export function sanitizeCause(value: unknown, secrets: readonly string[], depth = 0): Error | undefined {
  if (depth >= MAX_DEPTH || value === undefined || value === null) return undefined;
  let name = 'Error';
  let message: string;
  let code: string | undefined;
  let inner: unknown;
  try {
    if (typeof value === 'object' || typeof value === 'function') {
      const record = value as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown; errors?: unknown };
      if (typeof record.name === 'string') name = scrubSecrets(record.name, secrets, 80);
      message = typeof record.message === 'string' ? record.message : Object.prototype.toString.call(value);
      if (typeof record.code === 'string') code = scrubSecrets(record.code, secrets, 80);
      inner = record.cause;
      // Node reports a refused connection as an AggregateError (one error per address tried) with an empty message.
      if (inner === undefined && Array.isArray(record.errors)) inner = record.errors[0];
    } else {
      message = String(value);
    }
  } catch {
    // A hostile getter or proxy: say so instead of failing the error path.
    message = 'An unreadable value was thrown.';
  }
  const innerCause = sanitizeCause(inner, secrets, depth + 1);
  const error = new Error(scrubSecrets(message, secrets), innerCause === undefined ? undefined : { cause: innerCause });
  error.name = name;
  if (code !== undefined) (error as Error & { code?: string }).code = code;
  return error;
}
