import { describe, expect, it } from 'vitest';
import { PrivateLock } from '../src/coordinator/PrivateLock.ts';

describe('PrivateLock (the coordinator of a client given none)', () => {
  it('runs holders one after another, also after a failing one, and forgets its queue when idle', async () => {
    const lock = new PrivateLock();
    const log: string[] = [];
    let release!: () => void;
    const first = lock.withLock('dcrflow:lifecycle', async () => {
      log.push('first:start');
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      log.push('first:end');
      throw new Error('first failed');
    });
    const second = lock.withLock('dcrflow:lifecycle', async () => {
      log.push('second');
      return 2;
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(log).toEqual(['first:start']);
    release();
    await expect(first).rejects.toThrow('first failed');
    await expect(second).resolves.toBe(2);
    expect(log).toEqual(['first:start', 'first:end', 'second']);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((lock as unknown as { tail: unknown }).tail).toBeNull();
    expect(() => lock.broadcast()).not.toThrow();
  });
});
