import { describe, expect, it } from 'vitest';
import { keyedMutex } from '../src/index.ts';

/** A promise with its resolver, to finish tasks in a chosen order. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe('keyedMutex', () => {
  it('runs the tasks of one key one after another, in call order', async () => {
    const mutex = keyedMutex();
    const log: string[] = [];
    const first = gate();
    const a = mutex.run('k', async () => {
      log.push('a start');
      await first.opened;
      log.push('a end');
      return 'a';
    });
    const b = mutex.run('k', async () => {
      log.push('b start');
      return 'b';
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(log).toEqual(['a start']);
    first.open();
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(log).toEqual(['a start', 'a end', 'b start']);
  });

  it('lets different keys run at the same time', async () => {
    const mutex = keyedMutex();
    const held = gate();
    const log: string[] = [];
    const a = mutex.run('a', async () => {
      await held.opened;
      log.push('a');
    });
    await mutex.run('b', async () => {
      log.push('b');
    });
    expect(log).toEqual(['b']);
    held.open();
    await a;
    expect(log).toEqual(['b', 'a']);
  });

  it('returns a failed task its own rejection and keeps the queue going', async () => {
    const mutex = keyedMutex();
    const failed = mutex.run('k', async () => {
      throw new Error('boom');
    });
    const throwsSync = mutex.run('k', () => {
      throw new Error('sync boom');
    });
    const next = mutex.run('k', async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(throwsSync).rejects.toThrow('sync boom');
    await expect(next).resolves.toBe('next');
  });

  it('queues again after a key drained', async () => {
    const mutex = keyedMutex();
    await mutex.run('k', async () => 1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const order: number[] = [];
    const held = gate();
    const a = mutex.run('k', async () => {
      await held.opened;
      order.push(1);
    });
    const b = mutex.run('k', async () => {
      order.push(2);
    });
    held.open();
    await Promise.all([a, b]);
    expect(order).toEqual([1, 2]);
  });
});
