import { describeStep } from '../model/describeStep.ts';
import type { WireTransition } from '../wire/wireTypes.ts';

/** Why a DCR lifecycle event matters, in one clause (keyed by event type, or `after <delay>` / `always`). */
const WHY: Record<string, string> = {
  'xstate.init': 'the client starts by reading its credential store',
  'STORE.EMPTY': 'no credentials are stored yet, so this instance must register',
  'STORE.LOADED': 'stored credentials are reused — registering again would invalidate every user profile',
  'STORE.LOST': 'the store remembers a registration whose credentials are gone: they count as lost',
  'STORE.CORRUPT': 'the stored credentials cannot be read: they count as lost',
  always: 'a software statement is at hand, so registration starts at once',
  'REGISTER.SUCCEEDED': 'the new client credentials are stored for good before anything else',
  'REGISTER.FAILED': 'registration failed: a revoked statement stops everything, anything else is retried later',
  'TOKEN.SUCCEEDED': 'a fresh access token; its refresh is scheduled before it expires',
  'TOKEN.FAILED': 'the token request failed: wait and retry with the same credentials (or stop if they are rejected)',
  'TOKEN.REJECTED': 'the API answered 401: get a new token with the stored credentials, then retry once',
  'CREDENTIALS.REJECTED': 'the server no longer knows these credentials: they are lost',
  'LOSS.RECORDED': 'the loss is recorded: register again, then users must re-authenticate',
  'STATEMENT.UPDATED': 'a new software statement: register with it',
  RECHECK: 'the client re-checked its clock and store',
  RESET: 'the client was reset to a fresh start',
  'after refreshAt': 'the refresh lead began: renew the token with the stored credentials, never re-register',
  'after retryDelay': 'the backoff wait is over: try the request again',
  'after hardExpiry': 'the token expired before a refresh succeeded: request a new one',
  onDone: 'the nested steps finished',
};

/**
 * The one-line caption of a step in the guided teaching mode: what happened (event, from → to) and why it matters
 * for DCR. Pure.
 *
 * @example
 * ```ts
 * captionFor('STORE.EMPTY', [{ source: 'dcr.loading.reading', targets: ['dcr.unregistered'], eventType: 'STORE.EMPTY' }]);
 * // 'STORE.EMPTY: loading.reading → unregistered — no credentials are stored yet, so this instance must register.'
 * ```
 */
export function captionFor(eventType: string, transitions: readonly WireTransition[]): string {
  const parts = describeStep(transitions);
  const path = parts.length === 0 ? 'no state change' : [parts[0]!.from, ...parts.map((part) => part.to)].join(' → ');
  // The last micro-step says most about where the client ended up (an always or onDone chain continues the event).
  const reason = WHY[eventType] ?? WHY[parts.at(-1)?.via ?? ''] ?? WHY[parts[0]?.via ?? ''];
  return `${eventType}: ${path}${reason === undefined ? '.' : ` — ${reason}.`}`;
}
