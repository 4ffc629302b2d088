import type { WireEvent } from '../wire/wireTypes.ts';

/** Where the inspector's events come from. */
export type SourceKind = 'page' | 'websocket' | 'recording' | 'teaching';

/** Connection state of a source, with a sentence for the status bar. */
export interface SourceStatus {
  readonly state: 'connecting' | 'open' | 'closed' | 'error';
  readonly message: string;
}

/**
 * An immutable view of a source at one moment. `events` is the source's append-only log, shared between snapshots
 * (copying 10,000 events per update would defeat the purpose); `count` is how many of them this snapshot covers.
 */
export interface SourceSnapshot {
  readonly events: readonly WireEvent[];
  readonly count: number;
  readonly status: SourceStatus;
  /** Increases on every change. */
  readonly version: number;
}

/**
 * The one interface every event source implements (style.md "Vitest UI"): the views never know whether events come
 * from this page, a WebSocket relay, a recording or the teaching sandbox. `subscribe`/`snapshot` follow React's
 * useSyncExternalStore contract: `snapshot()` returns the same object until something changes.
 *
 * @example
 * ```ts
 * const source: InspectorSource = createRecordingSource(text, 'run.jsonl');
 * const stop = source.subscribe(() => render(source.snapshot()));
 * ```
 */
export interface InspectorSource {
  readonly kind: SourceKind;
  /** Shown in the header, e.g. the file name or relay address. */
  readonly label: string;
  /** A live source appends while you watch (the views follow the newest event unless you travel back). */
  readonly live: boolean;
  /** Registers a change listener; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  snapshot(): SourceSnapshot;
  /** The producer's "now" in epoch ms, for countdowns (the teaching sandbox runs a simulated clock). */
  now(): number;
  /** Stops listening and releases resources; idempotent. */
  close(): void;
}
