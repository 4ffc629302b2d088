import { tokenSchedule } from '@dcrflow/core';
import { redact } from '@dcrflow/protocol';
import type { Connection } from '../config/resolveConnection.ts';
import type { CachedRecord } from './decodeCachedRecord.ts';

/**
 * What `dcrflow status --json` prints. Secrets appear only as `redact()` fingerprints; times are epoch ms.
 *
 * @example
 * ```ts
 * const report: StatusReport = JSON.parse(stdout);
 * if (report.state === 'tokenValid') console.log(report.token?.expiresInSeconds);
 * ```
 */
export interface StatusReport {
  /** The lifecycle state the cached record puts a client in (design.md statechart). */
  readonly state: 'unregistered' | 'registered' | 'tokenValid' | 'expiring' | 'credentialsLost';
  readonly baseUrl: string | null;
  readonly softwareId: string | null;
  readonly store: string;
  readonly clientId: string | null;
  readonly clientSecret: string | null;
  readonly clientIdIssuedAt: number | null;
  readonly token: {
    readonly accessToken: string;
    readonly tokenType: string;
    readonly obtainedAt: number;
    readonly refreshAt: number;
    readonly expiresAt: number;
    /** Negative once expired. */
    readonly expiresInSeconds: number;
  } | null;
  /** Why the cache could not be read (then `state` is `credentialsLost`, as the client would see it). */
  readonly problem: string | null;
  /** `--refresh` made requests to obtain a valid token first. */
  readonly refreshed: boolean;
}

/**
 * Maps a cached record to the state a starting client would enter (core's `loading` transitions), with every secret
 * replaced by its `redact()` fingerprint. `expiring` uses core's own refresh schedule (default lead).
 *
 * @example
 * ```ts
 * const report = buildStatusReport(await readCachedRecord(path), connection, Date.now(), false);
 * ```
 */
export function buildStatusReport(
  record: CachedRecord,
  connection: Connection,
  now: number,
  refreshed: boolean,
): StatusReport {
  // Without a statement and with an explicit --store, a defaulted base URL says nothing about that file.
  const knowsServer = connection.softwareStatement !== undefined || connection.baseUrlSource !== 'default';
  const base = {
    baseUrl: knowsServer ? connection.baseUrl : null,
    softwareId: connection.softwareId ?? null,
    store: connection.storePath,
    refreshed,
  };
  const none = { clientId: null, clientSecret: null, clientIdIssuedAt: null, token: null, problem: null };
  switch (record.kind) {
    case 'empty':
      return { state: 'unregistered', ...base, ...none };
    case 'lost':
      return {
        state: 'credentialsLost',
        ...base,
        ...none,
        problem: 'the credentials of an earlier registration are gone',
      };
    case 'unreadable':
      return { state: 'credentialsLost', ...base, ...none, problem: record.problem };
    case 'loaded': {
      const { credentials, token } = record;
      const schedule =
        token === null
          ? null
          : tokenSchedule({ obtainedAt: token.obtainedAt, expiresAt: token.expiresAt, refreshLeadSeconds: null });
      const state =
        token === null || schedule === null || now >= token.expiresAt
          ? 'registered'
          : now >= schedule.refreshAt
            ? 'expiring'
            : 'tokenValid';
      return {
        state,
        ...base,
        clientId: credentials.clientId,
        clientSecret: redact(credentials.clientSecret),
        clientIdIssuedAt: credentials.issuedAt,
        token:
          token === null || schedule === null
            ? null
            : {
                accessToken: redact(token.accessToken),
                tokenType: token.tokenType,
                obtainedAt: token.obtainedAt,
                refreshAt: schedule.refreshAt,
                expiresAt: token.expiresAt,
                expiresInSeconds: Math.floor((token.expiresAt - now) / 1000),
              },
        problem: null,
      };
    }
  }
}
