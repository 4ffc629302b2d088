import { describe, expect, it } from 'vitest';
import { harness } from './support/simulatorHarness.ts';

// Adobe throttling page: 1 request/s per device after a burst; a throttled request gets 429 (HTML, no Retry-After);
// "throttling lifts 1 s after the first 429, so wait at least 1 s".

interface Sent {
  readonly sentAt: number;
  receivedAt: number;
  status: number;
}

/** A fetch that records when each DCR request was sent and answered. */
function recordingFetch(log: Sent[]): typeof fetch {
  return async (input, init) => {
    const entry: Sent = { sentAt: performance.now(), receivedAt: 0, status: 0 };
    log.push(entry);
    const response = await fetch(input, init);
    entry.receivedAt = performance.now();
    entry.status = response.status;
    return response;
  };
}

// Node timers are scheduled against the event loop's cached time, so they may fire a few ms "early" by
// performance.now(); the tolerance covers that granularity, not a policy gap.
const TIMER_GRANULARITY_MS = 5;

function assertWaitsAfter429(log: readonly Sent[]) {
  for (let i = 0; i < log.length - 1; i++) {
    if (log[i]!.status === 429) {
      expect(log[i + 1]!.sentAt - log[i]!.receivedAt).toBeGreaterThanOrEqual(1_000 - TIMER_GRANULARITY_MS);
    }
  }
}

describe('throttling', () => {
  it('FAQ: against a small burst, clients never send sooner than 1 s after a 429 and all converge', async () => {
    const h = await harness({ throttle: { ratePerSecond: 1, burst: 2 } });
    const logs: Sent[][] = [[], [], []];
    const clients = await Promise.all(
      logs.map(async (log) =>
        h.client({ softwareStatement: await h.statement(), fetch: recordingFetch(log), random: () => 0.2 }),
      ),
    );
    await Promise.all(clients.map((client) => client.getAccessToken()));
    expect(h.sim.simulator.stats().throttled).toBeGreaterThan(0);
    for (const log of logs) assertWaitsAfter429(log);
    expect(clients.every((client) => client.state === 'tokenValid')).toBe(true);
    expect(h.counts().registrations).toBe(3);
    expect(Object.values(h.sim.simulator.stats().registrations.bySoftwareId)).toEqual([1, 1, 1]);
  });

  it('honours a repeated 429 on the token endpoint: each retry ≥ 1 s later, growing, then converges', async () => {
    const h = await harness();
    const log: Sent[] = [];
    const client = h.client({ softwareStatement: await h.statement(), fetch: recordingFetch(log), random: () => 0 });
    h.sim.simulator.injectFault({ kind: 'throttle', endpoint: 'token', count: 2 });
    await client.getAccessToken();
    expect(log.map((entry) => entry.status)).toEqual([201, 429, 429, 201]);
    assertWaitsAfter429(log);
    const secondWait = log[3]!.sentAt - log[2]!.receivedAt;
    expect(secondWait).toBeGreaterThanOrEqual(2_000 - TIMER_GRANULARITY_MS);
    expect(h.counts().registrations).toBe(1);
  });
});
