import type { CoordinatorMessage } from '@dcrflow/core';
import { ConfigurationError } from '@dcrflow/protocol';
import { describe, expect, it } from 'vitest';
import { type BrowserCoordinator, browserCoordinator } from '../../src/index.ts';
import { sleep, uniqueName, withoutWebLocks } from './support/fresh.ts';

/** Runs `count` tasks spread over `coordinators` on one lock and reports the highest number running at once. */
async function maxConcurrency(
  coordinators: BrowserCoordinator[],
  lock: string,
  count: number,
): Promise<{ max: number; ran: number }> {
  let running = 0;
  let max = 0;
  let ran = 0;
  await Promise.all(
    Array.from({ length: count }, (_, index) =>
      coordinators[index % coordinators.length]?.withLock(lock, async () => {
        running += 1;
        max = Math.max(max, running);
        await sleep(5);
        ran += 1;
        running -= 1;
      }),
    ),
  );
  return { max, ran };
}

/** Polls `condition` every 5 ms; throws after 5 s, so a message that never arrives fails instead of hanging. */
async function waitUntil(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited >= 5_000) throw new Error('condition not met within 5 s');
    await sleep(5);
  }
}

function nextMessage(coordinator: BrowserCoordinator): Promise<CoordinatorMessage> {
  return new Promise((resolve) => {
    const unsubscribe = coordinator.subscribe((message) => {
      unsubscribe();
      resolve(message);
    });
  });
}

describe('browserCoordinator locks', () => {
  it('runs tasks for one lock one at a time across coordinator instances (Web Locks)', async () => {
    const name = uniqueName('coord');
    const result = await maxConcurrency([browserCoordinator({ name }), browserCoordinator({ name })], 'lifecycle', 12);
    expect(result).toEqual({ max: 1, ran: 12 });
  });

  it('holds the exclusive Web Lock "<name>/<lock>" while the task runs and returns its value', async () => {
    const name = uniqueName('coord');
    const coordinator = browserCoordinator({ name });
    const value = await coordinator.withLock('lifecycle', async () => {
      const { held = [] } = await navigator.locks.query();
      expect(held.map((lock) => [lock.name, lock.mode])).toContainEqual([`${name}/lifecycle`, 'exclusive']);
      return 42;
    });
    expect(value).toBe(42);
    const { held = [] } = await navigator.locks.query();
    expect(held.map((lock) => lock.name)).not.toContain(`${name}/lifecycle`);
  });

  it('releases the lock when a task fails, passing the failure on', async () => {
    const coordinator = browserCoordinator({ name: uniqueName('coord') });
    await expect(coordinator.withLock('l', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await coordinator.withLock('l', async () => 'next')).toBe('next');
  });

  it('lets different lock names and coordinator names run side by side', async () => {
    const a = browserCoordinator({ name: uniqueName('coord') });
    const b = browserCoordinator({ name: uniqueName('coord') });
    // A barrier, not a 30 ms sleep: each task waits (bounded) until both are inside. Side by side, both arrive at
    // once; serialised, the first would wait out the bound alone. A loaded machine only makes the wait longer.
    let inside = 0;
    let overlap = false;
    let bothInside!: () => void;
    const barrier = new Promise<void>((resolve) => {
      bothInside = resolve;
    });
    const task = async () => {
      inside += 1;
      if (inside === 2) {
        overlap = true;
        bothInside();
      }
      await Promise.race([barrier, sleep(5_000)]);
      inside -= 1;
    };
    await Promise.all([a.withLock('x', task), b.withLock('x', task)]);
    expect(overlap).toBe(true);
  });

  it('without Web Locks, serialises through a localStorage lease that it removes afterwards', async () => {
    const name = uniqueName('coord');
    const leaseKey = `dcrflow.lease:${name}/lifecycle`;
    await withoutWebLocks(async () => {
      // Two instances have separate in-tab queues, so only the lease keeps them apart.
      const result = await maxConcurrency([browserCoordinator({ name }), browserCoordinator({ name })], 'lifecycle', 6);
      expect(result).toEqual({ max: 1, ran: 6 });
      await browserCoordinator({ name }).withLock('lifecycle', async () => {
        const lease = JSON.parse(localStorage.getItem(leaseKey) ?? 'null') as { owner: string; expiresAt: number };
        expect(typeof lease.owner).toBe('string');
        expect(lease.expiresAt).toBeGreaterThan(Date.now());
      });
      expect(localStorage.getItem(leaseKey)).toBeNull();
    });
  });

  it('without Web Locks, waits for a live lease held by another tab and ignores an expired one', async () => {
    const name = uniqueName('coord');
    const leaseKey = `dcrflow.lease:${name}/lifecycle`;
    await withoutWebLocks(async () => {
      const coordinator = browserCoordinator({ name });
      // A crashed tab's lease, long expired: no wait.
      localStorage.setItem(leaseKey, JSON.stringify({ owner: 'crashed-tab', expiresAt: Date.now() - 1 }));
      expect(await coordinator.withLock('lifecycle', async () => 'ran')).toBe('ran');

      // A live tab's lease: the task waits until that tab releases it.
      localStorage.setItem(leaseKey, JSON.stringify({ owner: 'other-tab', expiresAt: Date.now() + 60_000 }));
      let ran = false;
      const waiting = coordinator.withLock('lifecycle', async () => {
        ran = true;
      });
      await sleep(400);
      expect(ran).toBe(false);
      localStorage.removeItem(leaseKey);
      await waiting;
      expect(ran).toBe(true);
    });
  });

  it('rejects bad arguments with a ConfigurationError', async () => {
    expect(() => browserCoordinator({ name: '' })).toThrow(ConfigurationError);
    expect(() => browserCoordinator(null as never)).toThrow(ConfigurationError);
    await expect(browserCoordinator().withLock('', async () => 1)).rejects.toThrow(ConfigurationError);
    expect(() => browserCoordinator().subscribe('nope' as never)).toThrow(ConfigurationError);
  });
});

describe('browserCoordinator broadcast', () => {
  it('delivers a message to another coordinator of the same name over BroadcastChannel', async () => {
    const name = uniqueName('coord');
    const receiver = browserCoordinator({ name });
    const received = nextMessage(receiver);
    browserCoordinator({ name }).broadcast({ type: 'stored', version: 3, clientId: 'client-1' });
    expect(await received).toEqual({ type: 'stored', version: 3, clientId: 'client-1' });
  });

  it('posts only type, version and clientId — anything else (a secret) never crosses the channel', async () => {
    const name = uniqueName('coord');
    const raw: unknown[] = [];
    const spy = new BroadcastChannel(name);
    spy.onmessage = (event) => raw.push(event.data);
    const sender = browserCoordinator({ name });
    sender.broadcast({ type: 'stored', version: 4, clientId: 'c', clientSecret: 'hunter2' } as CoordinatorMessage);
    sender.broadcast({ type: 'nonsense', version: 1, clientId: null } as unknown as CoordinatorMessage);
    // A last valid message marks the end: BroadcastChannel keeps one sender's order, so once it is in, anything the
    // two before it put on the channel is in too (a fixed 50 ms sleep could end before delivery and pass anyway).
    sender.broadcast({ type: 'deleted', version: null, clientId: null });
    await waitUntil(() => raw.length > 0 && (raw.at(-1) as { type?: string }).type === 'deleted');
    spy.close();
    expect(raw).toEqual([
      { type: 'stored', version: 4, clientId: 'c' },
      { type: 'deleted', version: null, clientId: null },
    ]);
  });

  it("also tells the sender's own listeners (clients sharing one coordinator), ignores malformed peer messages", async () => {
    const name = uniqueName('coord');
    const coordinator = browserCoordinator({ name });
    const heard: CoordinatorMessage[] = [];
    const unsubscribe = coordinator.subscribe((message) => heard.push(message));
    coordinator.broadcast({ type: 'deleted', version: null, clientId: null });
    expect(heard).toEqual([{ type: 'deleted', version: null, clientId: null }]);
    const peer = new BroadcastChannel(name);
    peer.postMessage({ type: 'stored', version: 'x' });
    peer.postMessage('hello');
    peer.postMessage({ type: 'stored', version: 9, clientId: 'peer' });
    // BroadcastChannel keeps order: once the valid message is in, the malformed ones before it were already seen.
    // Poll instead of a fixed sleep, so a loaded CI machine cannot make this flaky.
    await waitUntil(() => heard.length >= 2);
    peer.close();
    unsubscribe();
    expect(heard).toEqual([
      { type: 'deleted', version: null, clientId: null },
      { type: 'stored', version: 9, clientId: 'peer' },
    ]);
  });

  it('stops delivering after unsubscribe and keeps other coordinator names apart', async () => {
    const name = uniqueName('coord');
    const coordinator = browserCoordinator({ name });
    const stranger = browserCoordinator({ name: uniqueName('coord') });
    const heard: CoordinatorMessage[] = [];
    const strangerHeard: CoordinatorMessage[] = [];
    const unsubscribe = coordinator.subscribe((message) => heard.push(message));
    stranger.subscribe((message) => strangerHeard.push(message));
    const sender = browserCoordinator({ name });
    // A spy on the same channel tells when a message has been delivered, instead of guessing with 50 ms sleeps.
    const spied: unknown[] = [];
    const spy = new BroadcastChannel(name);
    spy.onmessage = (event) => spied.push(event.data);
    sender.broadcast({ type: 'stored', version: 1, clientId: 'a' });
    await waitUntil(() => heard.length === 1);
    unsubscribe();
    sender.broadcast({ type: 'stored', version: 2, clientId: 'a' });
    await waitUntil(() => spied.length === 2);
    // The subscriber's channel got version 2 no later than the spy (same sender, one task later at most).
    await sleep(20);
    spy.close();
    expect(heard).toEqual([{ type: 'stored', version: 1, clientId: 'a' }]);
    expect(strangerHeard).toEqual([]);
  });

  it('keeps delivering to other listeners when one listener throws', async () => {
    const coordinator = browserCoordinator({ name: uniqueName('coord') });
    const heard: number[] = [];
    coordinator.subscribe(() => {
      throw new Error('bad listener');
    });
    coordinator.subscribe((message) => heard.push(message.version ?? -1));
    coordinator.broadcast({ type: 'stored', version: 7, clientId: null });
    expect(heard).toEqual([7]);
  });
});
