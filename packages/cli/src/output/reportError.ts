import { describeError, type ErrorContext, type ErrorReport } from '../errors/describeError.ts';
import type { ResolvedIo } from '../resolveIo.ts';
import { writeJson } from './writeJson.ts';

/** Everything the error output could show: the message chain and, in debug mode, the stacks. */
function evidence(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    parts.push(current instanceof Error ? `${current.message}\n${current.stack ?? ''}` : JSON.stringify(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\n');
}

function scrub(text: string, secrets: readonly string[], fingerprint: (secret: string) => string): string {
  let result = text;
  for (const secret of secrets) if (secret.length >= 8) result = result.split(secret).join(fingerprint(secret));
  return result;
}

/**
 * Prints a failure: `dcrflow: error [<code>]: <message>` and an optional `hint:` line on stderr; with `--json` also a
 * `{"error":{…}}` document on stdout; with `DCRFLOW_DEBUG=1` the stack (and causes) after it. Any known secret in
 * any of it is replaced by its `redact()` fingerprint. Returns the exit code.
 *
 * @example
 * ```ts
 * return await reportError(io, error, { json, baseUrl, secrets: [statement] });
 * ```
 */
export async function reportError(
  io: ResolvedIo,
  error: unknown,
  options: ErrorContext & { readonly json?: boolean | undefined } = {},
): Promise<ErrorReport['exitCode']> {
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= 8);
  const text = evidence(error);
  // @dcrflow/protocol is loaded only when a secret is really there: most errors must print without that cost.
  const fingerprint = secrets.some((secret) => text.includes(secret))
    ? (await import('@dcrflow/protocol')).redact
    : (secret: string) => secret;
  const report = describeError(error, { ...options, secrets, fingerprint });
  io.stderr.write(`dcrflow: error [${report.code}]: ${report.message}\n`);
  if (report.hint !== undefined) io.stderr.write(`hint: ${report.hint}\n`);
  if (options.json === true) {
    writeJson(io.stdout, {
      error: {
        code: report.code,
        message: report.message,
        exitCode: report.exitCode,
        ...(report.hint === undefined ? {} : { hint: report.hint }),
      },
    });
  }
  if (io.debug) {
    let current: unknown = error;
    for (let depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
      // Core reports background failures as plain `{ code, message }` records: no stack to show, only the record.
      const stack =
        current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : JSON.stringify(current);
      io.stderr.write(`${depth === 0 ? '' : 'caused by: '}${scrub(stack, secrets, fingerprint)}\n`);
      current = current instanceof Error ? current.cause : undefined;
    }
  }
  return report.exitCode;
}
