import { useEffect, useState } from 'react';
import { dcrContextView } from '../model/dcrContextView.ts';
import { diffContext } from '../model/diffContext.ts';
import { formatDateTime, formatDuration } from '../model/formatDuration.ts';
import { prettyJson, redactForDisplay } from '../model/redactForDisplay.ts';
import type { WireSnapshot } from '../wire/wireTypes.ts';

/** Re-renders every `ms` while `enabled`, returning the source's now. */
function useTicker(now: () => number, enabled: boolean, ms = 1000): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => setTick((tick) => tick + 1), ms);
    return () => clearInterval(timer);
  }, [enabled, ms]);
  return now();
}

/** Props of {@link ContextPanel}. */
export interface ContextPanelProps {
  readonly snapshot: WireSnapshot | null;
  /** Producer time the panel reads deadlines against (the selected event's time, or live now). */
  readonly at: number | null;
  /** Live now (only used while following the newest event of a live source). */
  readonly now: () => number;
  readonly ticking: boolean;
  readonly secrets: readonly string[];
  /** The context before the last step (undefined: no step yet), for the list of what it changed. */
  readonly contextBefore?: unknown;
}

/** A value in one short line, redacted. */
function brief(value: unknown, secrets: readonly string[]): string {
  if (value === undefined) return '—';
  const text = JSON.stringify(redactForDisplay(value, { secrets })) ?? String(value);
  return text.length > 48 ? `${text.slice(0, 47)}…` : text;
}

function ContextDiff({ before, after, secrets }: { before: unknown; after: unknown; secrets: readonly string[] }) {
  const changes = diffContext(before, after);
  return (
    <details className="context-diff" open data-testid="context-diff">
      <summary>
        Changed by the last step: {changes.length === 0 ? 'nothing' : changes.map((c) => c.path).join(', ')}
      </summary>
      {changes.length === 0 ? null : (
        <ul>
          {changes.map((change) => (
            <li key={change.path} className={`context-diff__${change.kind}`}>
              <code>{change.path}</code> {brief(change.before, secrets)} → {brief(change.after, secrets)}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

function TokenTtl({ ttlMs, refreshInMs, lifetimeMs }: { ttlMs: number; refreshInMs: number; lifetimeMs: number }) {
  const share = lifetimeMs > 0 ? Math.min(1, Math.max(0, ttlMs / lifetimeMs)) : 0;
  const state = ttlMs <= 0 ? 'expired' : refreshInMs <= 0 ? 'refresh' : 'ok';
  return (
    <div className="ttl">
      <span data-testid="token-ttl">
        {ttlMs <= 0 ? `expired ${formatDuration(-ttlMs)} ago` : `${formatDuration(ttlMs)} left`}
        {ttlMs > 0 ? (refreshInMs > 0 ? ` · refresh in ${formatDuration(refreshInMs)}` : ' · refresh due') : ''}
      </span>
      <div
        className="ttl__bar"
        role="progressbar"
        aria-label="Token lifetime left"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)}
      >
        <div
          className={`ttl__fill${state === 'ok' ? '' : ` ttl__fill--${state}`}`}
          style={{ width: `${share * 100}%` }}
        />
      </div>
    </div>
  );
}

/**
 * The context panel: for the dcrflow machine, credentials present (client id, issued at), the token's TTL counting
 * down, retry/backoff status and the last error code; for any other machine its (redacted) context as JSON.
 */
export function ContextPanel(props: ContextPanelProps) {
  const liveNow = useTicker(props.now, props.ticking);
  const reference = props.ticking ? liveNow : (props.at ?? liveNow);
  const snapshot = props.snapshot;
  const view = snapshot === null ? null : dcrContextView(snapshot.value, snapshot.context, reference);
  return (
    <section className="context panel" aria-labelledby="context-title" data-testid="context-panel">
      <h2 className="panel__title" id="context-title">
        Context {props.ticking ? '' : '(as of the selected event)'}
      </h2>
      {snapshot === null ? (
        <p className="details__meta">No snapshot yet.</p>
      ) : view === null ? (
        <pre>{prettyJson(snapshot.context, { secrets: props.secrets })}</pre>
      ) : (
        <dl className="context__grid">
          <dt>Credentials</dt>
          <dd data-testid="credentials">
            {view.credentials.present ? (
              <>
                <span className="pill pill--ok">present</span> <code>{view.credentials.clientId}</code>
              </>
            ) : (
              <span className="pill">none</span>
            )}
          </dd>
          <dt>Issued at</dt>
          <dd>{view.credentials.issuedAt === null ? '—' : formatDateTime(view.credentials.issuedAt)}</dd>
          <dt>Token</dt>
          <dd>
            {view.token === null ? (
              <span className="pill">none</span>
            ) : (
              <TokenTtl
                ttlMs={view.token.ttlMs}
                refreshInMs={view.token.refreshInMs}
                lifetimeMs={view.token.lifetimeMs}
              />
            )}
          </dd>
          <dt>Retry</dt>
          <dd data-testid="retry">
            {view.retry.inBackoff ? (
              <span className="pill pill--warn">
                backoff · attempt {view.retry.attempt}
                {view.retry.retryInMs === null
                  ? ''
                  : view.retry.retryInMs > 0
                    ? ` · next in ${formatDuration(view.retry.retryInMs)}`
                    : ' · retrying'}
              </span>
            ) : view.retry.attempt > 0 ? (
              <span className="pill pill--warn">attempt {view.retry.attempt}</span>
            ) : (
              <span className="pill">idle</span>
            )}
            {view.retry.blocked ? <span className="pill pill--bad"> blocked</span> : null}
          </dd>
          <dt>Last error</dt>
          <dd data-testid="last-error">
            {view.error === null ? (
              '—'
            ) : (
              <>
                <span className="pill pill--bad">{view.error.code}</span>{' '}
                {String(redactForDisplay(view.error.message, { secrets: props.secrets }))}
              </>
            )}
          </dd>
          {view.reauthenticationPending ? (
            <>
              <dt>Users</dt>
              <dd>
                <span className="pill pill--warn">must re-authenticate</span>
              </dd>
            </>
          ) : null}
        </dl>
      )}
      {snapshot === null || props.contextBefore === undefined ? null : (
        <ContextDiff before={props.contextBefore} after={snapshot.context} secrets={props.secrets} />
      )}
    </section>
  );
}
