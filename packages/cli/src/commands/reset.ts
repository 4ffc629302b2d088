import type { CommandContext, CommandSpec } from '../args/CommandSpec.ts';
import { CONNECTION_OPTIONS, OUTPUT_OPTIONS } from '../args/commonOptions.ts';
import { resolveConnection } from '../config/resolveConnection.ts';
import { CliError } from '../errors/CliError.ts';
import { EXIT_CODES, type ExitCode } from '../errors/exitCodes.ts';
import { writeJson } from '../output/writeJson.ts';
import { confirm } from '../prompt/confirm.ts';

async function run({ io, values, json, errorContext }: CommandContext): Promise<ExitCode> {
  const connection = await resolveConnection(values, io, { requireStatement: false });
  errorContext.baseUrl = connection.baseUrl;
  if (connection.softwareStatement !== undefined) errorContext.secrets.push(connection.softwareStatement);

  // Loaded on demand: --help and usage errors must not pay for the stores and their dependencies.
  const [{ fileStore }, { readCachedRecord }] = await Promise.all([
    import('@dcrflow/node/file'),
    import('../store/readCachedRecord.ts'),
  ]);
  const record = await readCachedRecord(connection.storePath);
  if (record.kind === 'empty') {
    if (json) writeJson(io.stdout, { deleted: false, clientId: null, store: connection.storePath });
    else io.stdout.write(`Nothing to reset: no cached credentials in ${connection.storePath}.\n`);
    return EXIT_CODES.ok;
  }
  const clientId = record.kind === 'loaded' ? record.credentials.clientId : null;
  const which = clientId === null ? 'the cached credentials' : `the cached credentials of client ${clientId}`;

  if (values.yes !== true) {
    if (!io.isTTY.stdin) {
      throw new CliError(`Refusing to delete ${which} without confirmation: stdin is not a terminal.`, {
        code: 'confirmation_required',
        exitCode: EXIT_CODES.usage,
        hint: 'Pass --yes to delete them; users will have to authenticate again.',
      });
    }
    io.stderr.write(
      `This deletes ${which} (${connection.storePath}).\n` +
        'The next dcrflow token registers a new client, and users signed in through the old one will have to authenticate again.\n',
    );
    if (!(await confirm(io, 'Delete them?'))) {
      io.stderr.write('Nothing was deleted.\n');
      return EXIT_CODES.failure;
    }
  }

  await fileStore({ path: connection.storePath }).delete();
  if (json) {
    writeJson(io.stdout, { deleted: true, clientId, store: connection.storePath });
  } else {
    io.stdout.write(`Deleted ${which} (${connection.storePath}).\n`);
  }
  io.stderr.write(
    'dcrflow: warning: the next dcrflow token registers a new client; users signed in through the old one will have to authenticate again.\n',
  );
  return EXIT_CODES.ok;
}

/**
 * `dcrflow reset`: deletes the cached credentials and token after a confirmation (or `--yes`). A new registration
 * follows on the next `dcrflow token`, which costs every user tied to the old client a re-authentication (DCR FAQ).
 *
 * @example
 * ```ts
 * // dcrflow reset --yes
 * await resetCommand.run({ io, values: { yes: true }, json: false, version: '0.1.0', errorContext: { secrets: [] } });
 * ```
 */
export const resetCommand: CommandSpec = {
  name: 'reset',
  summary: 'Delete the cached credentials (users will have to re-authenticate).',
  description: [
    'Deletes the cached client credentials and token for a base URL and software statement (or --store). The next',
    'dcrflow token registers a new client: users who signed in through the old client will have to authenticate',
    'again, so this asks for confirmation on a terminal. Without a terminal it refuses unless --yes is given.',
    'No request is made: the registration stays known to the server, it is only forgotten here.',
  ].join('\n'),
  options: {
    ...CONNECTION_OPTIONS,
    yes: { type: 'boolean', short: 'y', description: 'Do not ask for confirmation.' },
    ...OUTPUT_OPTIONS,
  },
  examples: ['dcrflow reset', 'dcrflow reset --yes --json'],
  run,
};
