import ELK from 'elkjs/lib/elk-api.js';
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';

type Elk = InstanceType<typeof ELK>;
let elk: Elk | null = null;

/**
 * ELK running in a Web Worker (the worker script is bundled as an asset of this app, so nothing is fetched from
 * elsewhere): a layout takes a few hundred milliseconds, and off the main thread it never freezes scrolling or
 * playback. Null where workers are unavailable; layoutChart then runs ELK in the page.
 *
 * @example
 * ```ts
 * const layout = await layoutChart(input, createWorkerElk() ?? undefined);
 * ```
 */
export function createWorkerElk(): Elk | null {
  if (typeof Worker === 'undefined') return null;
  elk ??= new ELK({ workerUrl });
  return elk;
}
