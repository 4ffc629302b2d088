import { ConfigurationError } from '@dcrflow/protocol';

/**
 * The post-ES2020 APIs the client's request path calls (ky 2 and @dcrflow/protocol), with where they are needed; the
 * same table as docs/runtime-support.md. Checked once, when the first client is created.
 */
const REQUIRED: ReadonlyArray<readonly [name: string, present: () => boolean]> = [
  ['AbortSignal.any', () => typeof AbortSignal.any === 'function'],
  ['AbortSignal.prototype.throwIfAborted', () => typeof AbortSignal.prototype.throwIfAborted === 'function'],
  ['Object.hasOwn', () => typeof Object.hasOwn === 'function'],
  ['Array.prototype.at', () => typeof Array.prototype.at === 'function'],
  ['String.prototype.replaceAll', () => typeof String.prototype.replaceAll === 'function'],
];

let checked = false;

/**
 * Throws a ConfigurationError naming every missing API when this runtime is older than the support floor (an old
 * smart-TV browser without the documented polyfills). Without the check such a runtime fails late and vaguely:
 * without `Object.hasOwn`, ky throws a TypeError inside the first request, which the client can only treat as an
 * unexpected, retryable failure, so `getAccessToken()` rejects after `waitTimeoutMs` and the client never registers.
 */
export function assertRuntimeSupport(): void {
  if (checked) return;
  const missing = REQUIRED.filter(([, present]) => !present()).map(([name]) => name);
  if (missing.length > 0) {
    throw new ConfigurationError(
      `This JavaScript runtime lacks ${missing.join(', ')}, which dcrflow's request path calls. Load the polyfills ` +
        'of docs/runtime-support.md ("Smart TVs and other older engines") before creating a client.',
    );
  }
  checked = true;
}
