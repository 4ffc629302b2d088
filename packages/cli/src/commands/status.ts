import type { CommandContext, CommandSpec } from '../args/CommandSpec.ts';
import { CONNECTION_OPTIONS, OUTPUT_OPTIONS } from '../args/commonOptions.ts';
import { TIMEOUT_OPTION, timeoutMsOf } from '../args/timeoutOption.ts';
import { resolveConnection } from '../config/resolveConnection.ts';
import { EXIT_CODES, type ExitCode } from '../errors/exitCodes.ts';
import { formatDuration } from '../output/formatDuration.ts';
import { writeJson } from '../output/writeJson.ts';
import type { StatusReport } from '../store/buildStatusReport.ts';

function formatReport(report: StatusReport, now: number): string {
  const rows: Array<[string, string]> = [['State', report.state]];
  if (report.problem !== null) rows.push(['Problem', report.problem]);
  if (report.clientId !== null) rows.push(['Client ID', report.clientId]);
  if (report.clientSecret !== null) rows.push(['Client secret', report.clientSecret]);
  if (report.clientIdIssuedAt !== null) rows.push(['Registered', new Date(report.clientIdIssuedAt).toISOString()]);
  if (report.token !== null) {
    const { token } = report;
    rows.push(['Access token', `${token.accessToken} (${token.tokenType})`]);
    const remaining = token.expiresAt - now;
    rows.push([
      'Expires',
      `${new Date(token.expiresAt).toISOString()} (${remaining >= 0 ? `in ${formatDuration(remaining)}` : formatDuration(remaining)})`,
    ]);
    if (remaining > 0) rows.push(['Refresh from', new Date(token.refreshAt).toISOString()]);
  } else if (report.clientId !== null) {
    rows.push(['Access token', 'none (the next dcrflow token requests one)']);
  }
  if (report.baseUrl !== null) rows.push(['Base URL', report.baseUrl]);
  if (report.softwareId !== null) rows.push(['Software ID', report.softwareId]);
  rows.push(['Store', report.store]);
  if (report.state === 'unregistered')
    rows.push(['Note', 'no cached credentials: the next dcrflow token registers a client']);
  const width = Math.max(...rows.map(([label]) => label.length));
  return `${rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')}\n`;
}

async function run({ io, values, json, version, errorContext }: CommandContext): Promise<ExitCode> {
  const refresh = values.refresh === true;
  const timeoutMs = timeoutMsOf('status', values);
  const connection = await resolveConnection(values, io, { requireStatement: refresh });
  errorContext.baseUrl = connection.baseUrl;
  if (connection.softwareStatement !== undefined) errorContext.secrets.push(connection.softwareStatement);

  // Loaded on demand: --help and usage errors must not pay for the client, the stores and their dependencies.
  const [{ obtainToken }, { openClient }, { readCachedRecord }, { buildStatusReport }] = await Promise.all([
    import('../client/obtainToken.ts'),
    import('../client/openClient.ts'),
    import('../store/readCachedRecord.ts'),
    import('../store/buildStatusReport.ts'),
  ]);
  if (refresh) {
    const client = openClient(connection, {
      version,
      timeoutMs,
      now: io.now,
      trace: io.debug ? io.stderr : undefined,
    });
    try {
      await obtainToken(client, io, { timeoutMs });
    } finally {
      client.stop();
    }
  }
  const now = io.now();
  const report = buildStatusReport(await readCachedRecord(connection.storePath), connection, now, refresh);
  if (json) writeJson(io.stdout, report);
  else io.stdout.write(formatReport(report, now));
  return EXIT_CODES.ok;
}

/**
 * `dcrflow status`: what is cached — lifecycle state, client id, token expiry and remaining lifetime — with every
 * secret shown only as a fingerprint. Makes no request unless `--refresh`.
 *
 * @example
 * ```ts
 * // dcrflow status --json
 * await statusCommand.run({ io, values: { json: true }, json: true, version: '0.1.0', errorContext: { secrets: [] } });
 * ```
 */
export const statusCommand: CommandSpec = {
  name: 'status',
  summary: 'Show the cached client and token (secrets redacted); no request unless --refresh.',
  description: [
    'Shows what is cached for a base URL and software statement: the lifecycle state a client would start in',
    '(unregistered, registered, tokenValid, expiring, credentialsLost), the client id, and the token expiry with the',
    'time left. The client secret and the access token appear only as fingerprints such as ‹redacted:3f2a›.',
    'No request is made unless --refresh, which first obtains a valid token exactly as dcrflow token does.',
    'Needs the same --software-statement (and --base-url) as dcrflow token to find the cache file, or --store.',
  ].join('\n'),
  options: {
    ...CONNECTION_OPTIONS,
    refresh: { type: 'boolean', description: 'Obtain a valid token first (may register or refresh).' },
    timeout: TIMEOUT_OPTION,
    ...OUTPUT_OPTIONS,
  },
  examples: ['dcrflow status', 'dcrflow status --refresh --json', 'dcrflow status --store ./ci-credentials.json'],
  run,
};
