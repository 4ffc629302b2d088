import { createDcrClient, type DcrClient, systemClock } from '@dcrflow/core';
import { fileStore, nodeDeviceInfo } from '@dcrflow/node/file';
import { kyFetch } from '@dcrflow/protocol/ky';
import type { TextSink } from '../CliIo.ts';
import type { Connection } from '../config/resolveConnection.ts';
import { httpTrace } from './httpTrace.ts';

/**
 * A DCR client for one CLI run: the connection's base URL and software statement, the credentials file as its store
 * (atomic, mode 0600, shared safely with concurrent `dcrflow` runs), and this machine's X-Device-Info. `now` is the
 * CLI's clock (`CliIo.now`): the client reads token expiry and refresh windows from it, so an in-process test
 * can put a cached token inside its refresh window without waiting for real time to get there. DCR requests go
 * through ky (`kyFetch`), so that `trace` (`DCRFLOW_DEBUG=1`) can print one line per request from ky's hooks.
 *
 * @example
 * ```ts
 * const client = openClient(connection, { version: '0.1.0', timeoutMs: 30_000 });
 * try { console.log((await client.getAccessToken()).accessToken); } finally { client.stop(); }
 * ```
 */
export function openClient(
  connection: Connection,
  options: {
    readonly version: string;
    readonly timeoutMs: number;
    readonly now?: () => number;
    /** Where to print one line per DCR request (see httpTrace.ts); nothing is printed without it. */
    readonly trace?: TextSink | undefined;
  },
): DcrClient {
  if (connection.softwareStatement === undefined) throw new TypeError('openClient needs a software statement.');
  return createDcrClient({
    baseUrl: connection.baseUrl,
    softwareStatement: connection.softwareStatement,
    store: fileStore({ path: connection.storePath }),
    deviceInfo: nodeDeviceInfo(),
    userAgent: `dcrflow-cli/${options.version}`,
    waitTimeoutMs: options.timeoutMs,
    clock: options.now === undefined ? systemClock : { ...systemClock, now: options.now },
    fetch: kyFetch(options.trace === undefined ? undefined : httpTrace(options.trace)),
  });
}
