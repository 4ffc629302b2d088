import type { DcrClient, DcrLifecycleSnapshot } from '@dcrflow/core';

/**
 * Resolves once the client's machine reaches a snapshot satisfying `predicate` (checked now and on every later
 * snapshot); rejects after `timeoutMs` naming where the client was.
 */
export function untilSnapshot(
  client: DcrClient,
  predicate: (snapshot: DcrLifecycleSnapshot) => boolean,
  what: string,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let subscription: { unsubscribe(): void } | undefined;
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      queueMicrotask(() => subscription?.unsubscribe());
      if (error === undefined) resolve();
      else reject(error);
    };
    const timer = setTimeout(() => {
      const snapshot = client.actor.getSnapshot();
      finish(
        new Error(
          `${what}: not reached within ${timeoutMs} ms; the client is in ${JSON.stringify(snapshot.value)} (last error: ${snapshot.context.error?.message ?? 'none'}).`,
        ),
      );
    }, timeoutMs);
    const check = (snapshot: DcrLifecycleSnapshot) => {
      if (predicate(snapshot)) finish();
    };
    subscription = client.actor.subscribe(check);
    check(client.actor.getSnapshot());
  });
}
