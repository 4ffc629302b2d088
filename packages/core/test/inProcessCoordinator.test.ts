import { describe, expect, it } from 'vitest';
import { inProcessCoordinator } from '../src/index.ts';

describe('inProcessCoordinator', () => {
  it('runs tasks under the same name one at a time, in order', async () => {
    const coordinator = inProcessCoordinator();
    const log: string[] = [];
    let inside = 0;
    const task = (name: string) => async () => {
      inside++;
      expect(inside).toBe(1);
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`end ${name}`);
      inside--;
      return name;
    };
    const results = await Promise.all(['a', 'b', 'c'].map((name) => coordinator.withLock('lock', task(name))));
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('releases the lock when a task fails', async () => {
    const coordinator = inProcessCoordinator();
    await expect(coordinator.withLock('lock', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(coordinator.withLock('lock', async () => 'next')).resolves.toBe('next');
  });

  it('does not serialise different names', async () => {
    const coordinator = inProcessCoordinator();
    let release!: () => void;
    const blocked = coordinator.withLock('one', () => new Promise<void>((resolve) => (release = resolve)));
    await expect(coordinator.withLock('two', async () => 'free')).resolves.toBe('free');
    release();
    await blocked;
  });

  it('broadcasts to subscribers until they unsubscribe; a throwing listener does not stop the others', () => {
    const coordinator = inProcessCoordinator();
    const seen: unknown[] = [];
    coordinator.subscribe(() => {
      throw new Error('bad listener');
    });
    const unsubscribe = coordinator.subscribe((message) => seen.push(message));
    coordinator.broadcast({ type: 'stored', version: 1, clientId: 'c' });
    unsubscribe();
    coordinator.broadcast({ type: 'deleted', version: null, clientId: null });
    expect(seen).toEqual([{ type: 'stored', version: 1, clientId: 'c' }]);
  });

  it('still serialises a name after its lock went idle (the lock table is dropped when empty)', async () => {
    const coordinator = inProcessCoordinator();
    await coordinator.withLock('lock', async () => 'first');
    // Let the released lock's bookkeeping run, so the next tasks start from an empty table.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
      log.push(`end ${name}`);
    };
    await Promise.all(['a', 'b'].map((name) => coordinator.withLock('lock', task(name))));
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('delivers once to a listener subscribed twice, and its unsubscribe removes it', () => {
    const coordinator = inProcessCoordinator();
    const seen: unknown[] = [];
    const listener = (message: unknown) => seen.push(message);
    coordinator.subscribe(listener);
    const unsubscribe = coordinator.subscribe(listener);
    coordinator.broadcast({ type: 'stored', version: 1, clientId: 'c' });
    unsubscribe();
    coordinator.broadcast({ type: 'stored', version: 2, clientId: 'c' });
    expect(seen).toEqual([{ type: 'stored', version: 1, clientId: 'c' }]);
  });
});
