import type { CommandContext, CommandSpec } from '../args/CommandSpec.ts';
import { CONNECTION_OPTIONS, OUTPUT_OPTIONS } from '../args/commonOptions.ts';
import { TIMEOUT_OPTION, timeoutMsOf } from '../args/timeoutOption.ts';
import { resolveConnection } from '../config/resolveConnection.ts';
import { EXIT_CODES, type ExitCode } from '../errors/exitCodes.ts';
import { writeJson } from '../output/writeJson.ts';

async function run({ io, values, json, version, errorContext }: CommandContext): Promise<ExitCode> {
  const timeoutMs = timeoutMsOf('token', values);
  const connection = await resolveConnection(values, io, { requireStatement: true });
  errorContext.baseUrl = connection.baseUrl;
  if (connection.softwareStatement !== undefined) errorContext.secrets.push(connection.softwareStatement);

  // Loaded on demand: --help and usage errors must not pay for the client, the stores and their dependencies.
  const [{ obtainToken }, { openClient }] = await Promise.all([
    import('../client/obtainToken.ts'),
    import('../client/openClient.ts'),
  ]);
  const client = openClient(connection, {
    version,
    timeoutMs,
    now: io.now,
    trace: io.debug ? io.stderr : undefined,
  });
  try {
    const token = await obtainToken(client, io, { timeoutMs });
    if (json)
      writeJson(io.stdout, { accessToken: token.accessToken, tokenType: token.tokenType, expiresAt: token.expiresAt });
    else io.stdout.write(`${token.accessToken}\n`);
    return EXIT_CODES.ok;
  } finally {
    client.stop();
  }
}

/**
 * `dcrflow token`: prints a valid access token — from the cache when it is still valid (no request), else refreshed
 * with the cached credentials, else after registering once.
 *
 * @example
 * ```ts
 * // TOKEN=$(dcrflow token)
 * await tokenCommand.run({ io, values: {}, json: false, version: '0.1.0', errorContext: { secrets: [] } });
 * ```
 */
export const tokenCommand: CommandSpec = {
  name: 'token',
  summary: 'Print a valid access token, registering or refreshing as needed.',
  description: [
    'Prints a valid access token on stdout — only the token and a newline, so TOKEN=$(dcrflow token) works.',
    'A cached token that is still valid is printed without any request. Otherwise the cached client credentials get',
    'a new token (never a new registration), and only when there are none does dcrflow register a client once.',
    'Credentials and token are cached in the config directory (mode 0600), one file per base URL and software id.',
    'With --json, prints {"accessToken","tokenType","expiresAt"} (expiresAt in epoch milliseconds).',
    'Network failures end at once with exit code 4; throttling and server errors are retried until --timeout.',
  ].join('\n'),
  options: {
    ...CONNECTION_OPTIONS,
    timeout: TIMEOUT_OPTION,
    ...OUTPUT_OPTIONS,
  },
  // The statement comes from the environment or a file, never a flag: flags end up in shell history and `ps`.
  examples: [
    'DCRFLOW_SOFTWARE_STATEMENT_FILE=/run/secrets/statement dcrflow token --base-url http://127.0.0.1:4010',
    'curl -H "Authorization: Bearer $(dcrflow token)" "$DCRFLOW_BASE_URL/api/v2/my-sp/configuration"',
    'dcrflow token --json | jq .expiresAt',
  ],
  run,
};
