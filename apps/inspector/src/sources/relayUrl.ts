const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A relay address the app will connect to, or why not. */
export type RelayUrlResult =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly message: string };

/**
 * Validates a WebSocket relay URL (inspect-wire.md: `ws://127.0.0.1:<port>/?session=<token>`) and turns it into the
 * viewer URL (`role=viewer`). Only loopback hosts are accepted: the inspector never talks to another machine.
 *
 * @example
 * ```ts
 * viewerUrl('ws://127.0.0.1:9301/?session=abc'); // { ok: true, url: 'ws://127.0.0.1:9301/?session=abc&role=viewer' }
 * ```
 */
export function viewerUrl(raw: string): RelayUrlResult {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return {
      ok: false,
      message: 'The relay address is not a valid URL; expected ws://127.0.0.1:<port>/?session=<token>.',
    };
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    return { ok: false, message: `The relay address must start with ws:// or wss://, not ${url.protocol}//.` };
  }
  if (!LOOPBACK.has(url.hostname)) {
    return {
      ok: false,
      message: `The relay must run on this machine (127.0.0.1, localhost or [::1]), not ${url.hostname}.`,
    };
  }
  if (!url.searchParams.get('session')) {
    return { ok: false, message: 'The relay address has no session token (?session=<token>).' };
  }
  url.searchParams.set('role', 'viewer');
  return { ok: true, url: url.toString() };
}

/** What the page's own query asks for. */
export type QueryRequest =
  | { readonly kind: 'websocket'; readonly relay: RelayUrlResult }
  | { readonly kind: 'page' }
  | { readonly kind: 'teaching'; readonly scenario: string | null }
  | { readonly kind: 'none' };

/**
 * Reads the inspector page's query: `?ws=ws://127.0.0.1:P/?session=T` connects to a relay (the value may be
 * URL-encoded or not — everything after `ws=` is taken, so an unencoded `?session=` inside it survives);
 * `?source=page` listens in-page; `?source=teaching[&scenario=id]` opens teaching mode.
 *
 * @example
 * ```ts
 * readQuery('?ws=ws://127.0.0.1:9301/?session=abc'); // { kind: 'websocket', relay: { ok: true, url: '…&role=viewer' } }
 * ```
 */
export function readQuery(search: string): QueryRequest {
  const query = search.startsWith('?') ? search.slice(1) : search;
  const wsAt = query.search(/(^|&)ws=/);
  if (wsAt >= 0) {
    const start = query.indexOf('ws=', wsAt) + 3;
    let value = query.slice(start);
    try {
      value = decodeURIComponent(value);
    } catch {
      // Not encoded: use it as it is.
    }
    return { kind: 'websocket', relay: viewerUrl(value) };
  }
  const params = new URLSearchParams(query);
  const source = params.get('source');
  if (source === 'page') return { kind: 'page' };
  if (source === 'teaching') return { kind: 'teaching', scenario: params.get('scenario') };
  return { kind: 'none' };
}
