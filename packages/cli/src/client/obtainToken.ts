import type { AccessToken, DcrClient, DcrState, ErrorInfo } from '@dcrflow/core';
import { RevokedError } from '@dcrflow/core';
import { CliError } from '../errors/CliError.ts';
import { EXIT_CODES } from '../errors/exitCodes.ts';
import { createSpinner } from '../output/createSpinner.ts';
import type { ResolvedIo } from '../resolveIo.ts';

/**
 * Failures the client would retry in the background but a command line should report at once: nothing answered
 * (the user typed a wrong URL or the server is down), or the local credentials file cannot be used. Throttling and
 * 5xx are still retried with the machine's backoff, up to the timeout.
 */
const FAIL_FAST: ReadonlySet<string> = new Set(['transport', 'store', 'unexpected']);

const STATE_LABELS: Readonly<Record<DcrState, string>> = {
  loading: 'Reading the cached credentials…',
  unregistered: 'Preparing to register…',
  registering: 'Registering the client…',
  registered: 'Requesting an access token…',
  tokenValid: 'Access token ready.',
  expiring: 'Refreshing the access token…',
  credentialsLost: 'The cached credentials are lost; registering again…',
  revoked: 'The software statement was rejected.',
};

type Outcome =
  | { readonly kind: 'token'; readonly token: AccessToken }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'failure'; readonly info: ErrorInfo }
  | { readonly kind: 'aborted' }
  | { readonly kind: 'timeout' };

function interrupted(): CliError {
  return new CliError('Interrupted.', { code: 'interrupted', exitCode: EXIT_CODES.interrupted });
}

/**
 * Gets a usable access token from a started-or-not client the way a command line wants it:
 * - progress on stderr when it is a terminal (the state the client is in, throttling waits);
 * - fail fast on a network or store failure instead of retrying in the background;
 * - a token inside its refresh window is refreshed before returning (a CLI run is too short for the background
 *   refresh), falling back to the still-valid token when the refresh fails;
 * - a revocation becomes a `revoked` error (exit 3), Ctrl-C an `interrupted` one (exit 130);
 * - a replacement of lost credentials prints a warning: users must authenticate again (DCR FAQ).
 *
 * The caller stops the client afterwards.
 *
 * @example
 * ```ts
 * const client = openClient(connection, version);
 * try {
 *   const token = await obtainToken(client, io, { timeoutMs: 30_000 });
 * } finally {
 *   client.stop();
 * }
 * ```
 */
export async function obtainToken(
  client: DcrClient,
  io: ResolvedIo,
  options: { readonly timeoutMs: number },
): Promise<AccessToken> {
  const spinner = createSpinner(io.stderr, io.isTTY.stderr);
  const cleanups: Array<() => void> = [];
  let settleFailure: (info: ErrorInfo) => void = () => {};
  const failure = new Promise<Outcome>((resolve) => {
    settleFailure = (info) => resolve({ kind: 'failure', info });
  });
  const aborted = new Promise<Outcome>((resolve) => {
    const signal = io.signal;
    if (signal === undefined) return;
    if (signal.aborted) resolve({ kind: 'aborted' });
    else signal.addEventListener('abort', () => resolve({ kind: 'aborted' }), { once: true });
  });

  try {
    cleanups.push(client.on('stateChange', ({ state }) => spinner.update(STATE_LABELS[state])));
    cleanups.push(
      client.on('error', (info) => {
        if (FAIL_FAST.has(info.code)) settleFailure(info);
        else if (info.code === 'throttled') spinner.update('Throttled by the server; waiting before retrying…');
        else if (info.code === 'server') spinner.update('The server answered with an error; retrying…');
      }),
    );
    cleanups.push(
      client.on('reauthenticationRequired', ({ clientId, previousClientId }) => {
        spinner.stop();
        const previous = previousClientId === null ? '' : ` (was ${previousClientId})`;
        io.stderr.write(
          `dcrflow: warning: the cached credentials were lost or rejected, so a new client ${clientId} was registered${previous}. ` +
            'Users signed in through the previous client must authenticate again.\n',
        );
      }),
    );

    // Every wait also ends on a fail-fast failure or Ctrl-C; none of these promises ever rejects.
    const race = (pending: Promise<Outcome>) => Promise.race([pending, failure, aborted]);
    const request = () =>
      client.getAccessToken().then(
        (token): Outcome => ({ kind: 'token', token }),
        (error: unknown): Outcome => ({ kind: 'error', error }),
      );

    const token = unwrap(await race(request()), client);
    const schedule = client.actor.getSnapshot().context.token;
    if (schedule === null || io.now() < schedule.refreshAt) return token;

    // Inside the refresh window the machine refreshes at once; a CLI run is too short for that to finish in the
    // background, so wait for the newer token rather than hand out one that is about to expire.
    spinner.update(STATE_LABELS.expiring);
    const refreshed = await race(
      new Promise<Outcome>((resolve) => {
        const check = () => {
          const newer = (client.actor.getSnapshot().context.token?.expiresAt ?? 0) > token.expiresAt;
          const gone = !client.actor.getSnapshot().hasTag('serving');
          if (newer || gone) resolve({ kind: 'token', token });
        };
        const subscription = client.actor.subscribe(check);
        cleanups.push(() => subscription.unsubscribe());
        const timer = setTimeout(
          () => resolve({ kind: 'timeout' }),
          Math.min(options.timeoutMs, Math.max(0, token.expiresAt - io.now())),
        );
        timer.unref();
        cleanups.push(() => clearTimeout(timer));
        check();
      }),
    );
    if (refreshed.kind === 'aborted') throw interrupted();
    if (refreshed.kind !== 'token') {
      spinner.stop();
      io.stderr.write(
        'dcrflow: warning: the token refresh did not complete; printing the cached token, which is still valid.\n',
      );
      return token;
    }
    // The client now holds the refreshed token, or the old one ran out meanwhile and this obtains a fresh one.
    return unwrap(await race(request()), client);
  } finally {
    spinner.stop();
    for (const cleanup of cleanups) cleanup();
  }
}

function unwrap(outcome: Outcome, client: DcrClient): AccessToken {
  switch (outcome.kind) {
    case 'token':
      return outcome.token;
    case 'aborted':
      throw interrupted();
    case 'failure':
      throw outcome.info;
    case 'timeout':
      throw new CliError('No access token in time.', { code: 'timeout', exitCode: EXIT_CODES.unavailable });
    case 'error': {
      if (RevokedError.is(outcome.error)) {
        const reason = client.actor.getSnapshot().context.error?.message;
        throw new CliError(
          `The software statement is revoked or invalid${reason === undefined ? '.' : `: ${reason}`}`,
          {
            code: 'revoked',
            exitCode: EXIT_CODES.revoked,
            cause: outcome.error,
          },
        );
      }
      throw outcome.error;
    }
  }
}
