// Polyfills for ky 2 (only if you send through `kyFetch` from '@dcrflow/protocol/ky': dcrflow's default transport
// needs none) on engines below ky's floor (Chromium 116, Safari 17.4, Firefox 124) — e.g. Tizen and webOS TVs
// (Chromium 69–94). Import this file first in your entry and build with a matching target (Vite:
// `build: { target: 'chrome69' }`) so the syntax is lowered too. Needs `npm i core-js`.
import 'core-js/actual/array/at';
import 'core-js/actual/object/has-own';
import 'core-js/actual/string/replace-all';

// Web APIs, not in core-js: ky 2 combines its timeout with the client's abort signal (AbortSignal.any, Chromium 116)
// and checks it between retries (throwIfAborted, Chromium 100).
const signalStatics = AbortSignal as unknown as { any?: (signals: Iterable<AbortSignal>) => AbortSignal };
if (typeof signalStatics.any !== 'function') {
  signalStatics.any = (signals) => {
    const controller = new AbortController();
    for (const signal of signals) {
      if (signal.aborted) {
        controller.abort(signal.reason);
        break;
      }
      signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
    }
    return controller.signal;
  };
}
const signalPrototype = AbortSignal.prototype as { throwIfAborted?: (this: AbortSignal) => void };
if (typeof signalPrototype.throwIfAborted !== 'function') {
  signalPrototype.throwIfAborted = function throwIfAborted() {
    if (this.aborted) throw this.reason ?? new DOMException('This operation was aborted.', 'AbortError');
  };
}
