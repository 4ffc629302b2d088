import { keyedMutex } from '@dcrflow/core';

/** This page's queue per lock name, for browsers without Web Locks. */
const inPageQueue = /* @__PURE__ */ keyedMutex();

/**
 * Runs the read-compare-write `step` inside the Web Lock `name` when the browser has Web Locks, so that tabs of one
 * origin take turns. Without Web Locks the steps of this page still take turns (an in-page queue); across tabs the
 * coordinator's lock keeps writers apart.
 */
export function withStoreLock<T>(name: string, step: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks === undefined || locks === null) return inPageQueue.run(name, step);
  return locks.request(name, { mode: 'exclusive' }, step);
}
