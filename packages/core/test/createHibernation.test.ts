import { ConfigurationError } from '@dcrflow/protocol';
import { describe, expect, it } from 'vitest';
import { createHibernation } from '../src/index.ts';
import { ManualClock } from '../src/testing/ManualClock.ts';

/** A sleeper that records when it was woken. */
function sleeper(name: string, log: string[], clock: ManualClock) {
  return { wake: () => log.push(`${name}@${clock.now()}`) };
}

describe('createHibernation', () => {
  it('wakes 1,000 sleepers in deadline order from one timer', () => {
    const clock = new ManualClock(0);
    const hibernation = createHibernation({ clock });
    const log: string[] = [];
    // Deadlines in a scrambled order (a permutation of 1..1000 seconds).
    for (let i = 0; i < 1_000; i++) {
      const at = ((i * 389) % 1_000) + 1;
      hibernation.sleep(sleeper(String(at), log, clock), at * 1_000);
    }
    expect(hibernation.sleeping).toBe(1_000);
    expect(hibernation.timers).toBe(1);
    expect(clock.pending).toBe(1);
    clock.advance(1_000_000);
    expect(log).toEqual(Array.from({ length: 1_000 }, (_, i) => `${i + 1}@${(i + 1) * 1_000}`));
    expect(hibernation.sleeping).toBe(0);
    expect(hibernation.timers).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('re-arms for an earlier sleeper, skips cancelled ones, and drops its timer when nobody is left', () => {
    const clock = new ManualClock(0);
    const hibernation = createHibernation({ clock });
    const log: string[] = [];
    const late = hibernation.sleep(sleeper('late', log, clock), 10_000);
    expect(clock.nextDelay()).toBe(10_000);
    const early = hibernation.sleep(sleeper('early', log, clock), 2_000);
    expect(clock.nextDelay()).toBe(2_000);
    expect(clock.pending).toBe(1);
    hibernation.cancel(early);
    hibernation.cancel(early); // twice: ignored
    clock.advance(5_000);
    expect(log).toEqual([]);
    expect(hibernation.timers).toBe(1);
    hibernation.cancel(late);
    expect(hibernation.timers).toBe(0);
    expect(clock.pending).toBe(0);
    clock.advance(10_000);
    expect(log).toEqual([]);
  });

  it('wakes at once a sleeper whose deadline has passed, and survives a throwing sleeper', () => {
    const clock = new ManualClock(50_000);
    const hibernation = createHibernation({ clock });
    const log: string[] = [];
    hibernation.sleep(
      {
        wake() {
          throw new Error('boom');
        },
      },
      1_000,
    );
    hibernation.sleep(sleeper('past', log, clock), 2_000);
    expect(clock.nextDelay()).toBe(0);
    clock.advance(0);
    expect(log).toEqual(['past@50000']);
    expect(hibernation.sleeping).toBe(0);
  });

  it('lets a woken sleeper go back to sleep from its wake()', () => {
    const clock = new ManualClock(0);
    const hibernation = createHibernation({ clock });
    let wakes = 0;
    const again = {
      wake() {
        wakes += 1;
        if (wakes < 3) hibernation.sleep(again, clock.now() + 1_000);
      },
    };
    hibernation.sleep(again, 1_000);
    clock.advance(10_000);
    expect(wakes).toBe(3);
    expect(clock.pending).toBe(0);
  });

  it('rejects a bad clock with a ConfigurationError', () => {
    expect(() => createHibernation({ clock: {} as never })).toThrow(ConfigurationError);
    expect(() => createHibernation(null as never)).toThrow(ConfigurationError);
  });
});
