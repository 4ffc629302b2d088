const queues = new Map<string, Promise<unknown>>();

/** Runs `step` after every earlier step queued under `name` in this page. */
function inPageQueue<T>(name: string, step: () => Promise<T>): Promise<T> {
  const previous = queues.get(name) ?? Promise.resolve();
  const run = previous.then(step, step);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(name, tail);
  void tail.then(() => {
    if (queues.get(name) === tail) queues.delete(name);
  });
  return run;
}

/**
 * Runs the read-compare-write `step` inside the Web Lock `name` when the browser has Web Locks, so that tabs of one
 * origin take turns. Without Web Locks the steps of this page still take turns (an in-page queue); across tabs the
 * coordinator's lock keeps writers apart.
 */
export function withStoreLock<T>(name: string, step: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks === undefined || locks === null) return inPageQueue(name, step);
  return locks.request(name, { mode: 'exclusive' }, step);
}
