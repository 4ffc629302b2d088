import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { OptionValues } from '../args/CommandSpec.ts';
import { DEFAULT_BASE_URL } from '../args/commonOptions.ts';
import { CliError } from '../errors/CliError.ts';
import { EXIT_CODES } from '../errors/exitCodes.ts';
import { UsageError } from '../errors/UsageError.ts';
import type { ResolvedIo } from '../resolveIo.ts';
import { credentialsFileName } from './credentialsFileName.ts';
import { resolveConfigDir } from './resolveConfigDir.ts';
import { looksLikeJwt, softwareIdOf } from './softwareIdOf.ts';

/**
 * Where to talk to and where the credentials live, from flags and environment.
 *
 * @example
 * ```ts
 * const connection: Connection = await resolveConnection(values, io, { requireStatement: true });
 * connection.storePath; // ~/.config/dcrflow/credentials/sp.auth.adobe.com--<id>--<hash>.json
 * ```
 */
export interface Connection {
  /** Normalised: no trailing slash. */
  readonly baseUrl: string;
  /** Where the base URL came from; `default` is the Adobe production host. */
  readonly baseUrlSource: 'flag' | 'env' | 'default';
  readonly softwareStatement: string | undefined;
  /** From the statement's `software_id` claim; `undefined` without a statement. */
  readonly softwareId: string | undefined;
  readonly storePath: string;
  /** Where the store path came from; `default` means derived from base URL + software id. */
  readonly storeSource: 'flag' | 'env' | 'default';
  readonly configDir: string;
}

function fromEnv(io: ResolvedIo, name: string): string | undefined {
  const value = io.env[name];
  return value === undefined || value === '' ? undefined : value;
}

function stringFlag(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  if (value === '') throw new UsageError(`Option '--${name}' needs a non-empty value.`);
  return typeof value === 'string' ? value : undefined;
}

function configurationError(message: string, hint?: string): CliError {
  return new CliError(message, { code: 'configuration', exitCode: EXIT_CODES.configuration, hint });
}

/** Normalises a base URL: http(s) only, no query or fragment, no trailing slash. */
function normaliseBaseUrl(raw: string, from: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw configurationError(
      `The base URL from ${from} is not a valid URL.`,
      'Example: --base-url https://sp.auth.adobe.com',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw configurationError(`The base URL from ${from} must use http or https, not ${url.protocol.slice(0, -1)}.`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw configurationError(`The base URL from ${from} must not have a query or fragment.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw configurationError(`The base URL from ${from} must not contain credentials.`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

async function readStdin(stdin: NodeJS.ReadableStream | undefined): Promise<string> {
  if (stdin === undefined) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function readStatementFile(path: string, from: string, io: ResolvedIo): Promise<string> {
  let text: string;
  if (path === '-') {
    text = await readStdin(io.stdin);
  } else {
    const absolute = resolve(io.cwd, path);
    try {
      text = await readFile(absolute, 'utf8');
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const why = code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' ? 'permission denied' : String(code);
      throw configurationError(`Cannot read the software statement file ${absolute} (from ${from}): ${why}.`);
    }
  }
  const statement = text.trim();
  if (statement === '') throw configurationError(`The software statement file from ${from} is empty.`);
  return statement;
}

/** Which statement source applies: flags beat environment; a flag and its file twin together are ambiguous. */
async function resolveStatement(values: OptionValues, io: ResolvedIo): Promise<string | undefined> {
  const flag = stringFlag(values, 'software-statement');
  const fileFlag = stringFlag(values, 'software-statement-file');
  if (flag !== undefined && fileFlag !== undefined) {
    throw new UsageError("Give either '--software-statement' or '--software-statement-file', not both.");
  }
  let statement: string | undefined;
  let from = '';
  if (flag !== undefined) [statement, from] = [flag.trim(), '--software-statement'];
  else if (fileFlag !== undefined)
    [statement, from] = [await readStatementFile(fileFlag, '--software-statement-file', io), 'the file'];
  else if (fromEnv(io, 'DCRFLOW_SOFTWARE_STATEMENT') !== undefined) {
    [statement, from] = [fromEnv(io, 'DCRFLOW_SOFTWARE_STATEMENT')!.trim(), 'DCRFLOW_SOFTWARE_STATEMENT'];
  } else if (fromEnv(io, 'DCRFLOW_SOFTWARE_STATEMENT_FILE') !== undefined) {
    const path = fromEnv(io, 'DCRFLOW_SOFTWARE_STATEMENT_FILE')!;
    [statement, from] = [await readStatementFile(path, 'DCRFLOW_SOFTWARE_STATEMENT_FILE', io), 'the file'];
  }
  if (statement !== undefined && !looksLikeJwt(statement)) {
    throw configurationError(
      `The software statement from ${from} is not a JWT (three base64url parts separated by dots).`,
      'Use the statement downloaded from the TVE Dashboard, or the one dcrflow simulate prints.',
    );
  }
  return statement;
}

/**
 * Resolves base URL, software statement and credentials file from flags, then environment, then defaults:
 * `--base-url` / `DCRFLOW_BASE_URL` (default the Adobe production host), `--software-statement` /
 * `--software-statement-file` / `DCRFLOW_SOFTWARE_STATEMENT` / `DCRFLOW_SOFTWARE_STATEMENT_FILE`, `--store` /
 * `DCRFLOW_STORE` (default `<config dir>/credentials/<base URL + software id>.json`).
 *
 * Without a statement the cache file cannot be named, so commands that only read the cache (`status`, `reset`) need
 * either a statement or `--store`; `token` always needs a statement.
 *
 * @example
 * ```ts
 * const connection = await resolveConnection({ 'base-url': 'http://127.0.0.1:4010' }, io, { requireStatement: true });
 * ```
 */
export async function resolveConnection(
  values: OptionValues,
  io: ResolvedIo,
  options: { readonly requireStatement: boolean },
): Promise<Connection> {
  const baseUrlFlag = stringFlag(values, 'base-url');
  const baseUrlEnv = fromEnv(io, 'DCRFLOW_BASE_URL');
  const baseUrl =
    baseUrlFlag !== undefined
      ? normaliseBaseUrl(baseUrlFlag, '--base-url')
      : baseUrlEnv !== undefined
        ? normaliseBaseUrl(baseUrlEnv, 'DCRFLOW_BASE_URL')
        : DEFAULT_BASE_URL;

  const softwareStatement = await resolveStatement(values, io);
  const softwareId = softwareStatement === undefined ? undefined : softwareIdOf(softwareStatement);
  const configDir = resolveConfigDir(io.env, io.homedir, io.platform);

  const storeFlag = stringFlag(values, 'store');
  const storeEnv = fromEnv(io, 'DCRFLOW_STORE');
  if (softwareStatement === undefined && (options.requireStatement || (storeFlag ?? storeEnv) === undefined)) {
    throw new CliError(
      options.requireStatement
        ? 'No software statement was given.'
        : 'No software statement and no --store were given, so there is no credentials file to use.',
      {
        code: 'configuration',
        exitCode: EXIT_CODES.configuration,
        hint: options.requireStatement
          ? 'Pass --software-statement <jwt> or --software-statement-file <path>, or set DCRFLOW_SOFTWARE_STATEMENT.'
          : 'Pass the same --software-statement (and --base-url) as for dcrflow token, or --store <path>.',
      },
    );
  }

  let storePath: string;
  let storeSource: Connection['storeSource'];
  if (storeFlag !== undefined) [storePath, storeSource] = [resolve(io.cwd, storeFlag), 'flag'];
  else if (storeEnv !== undefined) [storePath, storeSource] = [resolve(io.cwd, storeEnv), 'env'];
  else
    [storePath, storeSource] = [join(configDir, 'credentials', credentialsFileName(baseUrl, softwareId!)), 'default'];

  const baseUrlSource = baseUrlFlag !== undefined ? 'flag' : baseUrlEnv !== undefined ? 'env' : 'default';
  return { baseUrl, baseUrlSource, softwareStatement, softwareId, storePath, storeSource, configDir };
}
