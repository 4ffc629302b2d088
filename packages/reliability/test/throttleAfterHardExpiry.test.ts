// Regression test for a gap the chaos test's design had to step around: a 429 during a proactive refresh puts the
// client in `expiring.backoff` (≥ 1 s, Adobe throttling page: "throttling lifts 1 s after the first 429"); if the
// token's hard expiry falls inside that wait, `expiring` → `registered` starts a token request at once — sooner than
// 1 s after the 429. Token TTL 3 s, refresh lead 1 s, a 503 then a 429 on the refresh.
//
// One ManualClock is both the client's clock and the simulator's (its request log and token lifetimes), so the
// timeline is exact: the test steps from one timer to the next and lets each request land before time moves on.
// With real time (as before) a loaded machine could shift the 429 past the token's expiry and the test passed
// without reaching its case; now it asserts that the expiry fell inside the wait.
import { createDcrClient, memoryStore } from '@dcrflow/core';
import { ManualClock } from '@dcrflow/core/testing';
import { startSimulator } from '@dcrflow/simulator/node';
import { expect, it } from 'vitest';

it('never sends the next request sooner than 1 s after a 429, even when the token expires during the wait', async () => {
  const clock = new ManualClock(Date.now());
  const sim = await startSimulator({ port: 0, throttle: false, tokenTtlSeconds: 3, now: () => clock.now() });
  try {
    const { software_statement } = await sim.simulator.mintSoftwareStatement();
    const client = createDcrClient({
      baseUrl: sim.url,
      softwareStatement: software_statement,
      store: memoryStore(),
      refreshLeadSeconds: 1,
      random: () => 0.5,
      clock,
    });
    const { expiresAt } = await client.getAccessToken();
    // The refresh at 2 s meets a 503 (retry after 0.5 s), then a 429 at 2.5 s; the token expires at 3 s.
    sim.simulator.injectFault({ kind: 'error', endpoint: 'token', count: 1 });
    sim.simulator.injectFault({ kind: 'throttle', endpoint: 'token', count: 1 });

    const tokenRequests = () => sim.simulator.requests().filter((entry) => entry.endpoint === 'token');
    const afterThrottle = () => {
      const all = tokenRequests();
      const at = all.findIndex((entry) => entry.status === 429);
      return at >= 0 && all.length > at + 1;
    };
    // Waiting on a timer, no request in flight: the only moments at which the test may move the clock.
    const idle = () => {
      const snapshot = client.actor.getSnapshot();
      return (
        snapshot.matches('tokenValid') ||
        snapshot.matches({ expiring: 'backoff' }) ||
        snapshot.matches({ registered: 'backoff' })
      );
    };
    // Bounded work: five timers take the client through refresh, 503, 429 and the retry; allow twice as many.
    for (let step = 0; step < 10 && !afterThrottle(); step++) {
      const delay = clock.nextDelay();
      if (delay === undefined) break;
      clock.advance(delay);
      for (let poll = 0; poll < 2_000 && !idle(); poll++) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(idle()).toBe(true);
    }
    client.stop();

    const tokens = tokenRequests();
    const throttled = tokens.findIndex((entry) => entry.status === 429);
    expect(throttled).toBeGreaterThan(0);
    const next = tokens[throttled + 1];
    expect(next).toBeDefined();
    expect(next!.at - tokens[throttled]!.at).toBeGreaterThanOrEqual(1_000);
    // The case under test was reached: the token's hard expiry fell inside the wait after the 429.
    expect(tokens[throttled]!.at).toBeLessThan(expiresAt);
    expect(next!.at).toBeGreaterThanOrEqual(expiresAt);
  } finally {
    await sim.close();
  }
});
