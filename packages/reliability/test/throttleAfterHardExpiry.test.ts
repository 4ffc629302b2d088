// Regression test for a gap the chaos test's design had to step around: a 429 during a proactive refresh puts the
// client in `expiring.backoff` (≥ 1 s, Adobe throttling page: "throttling lifts 1 s after the first 429"); if the
// token's hard expiry falls inside that wait, `expiring` → `registered` starts a token request at once — sooner than
// 1 s after the 429. Deterministic: token TTL 3 s, refresh lead 1 s, a 503 then a 429 on the refresh.
import { createDcrClient, memoryStore } from '@dcrflow/core';
import { startSimulator } from '@dcrflow/simulator/node';
import { expect, it } from 'vitest';

// Node timers run against the event loop's cached time and the log keeps whole milliseconds.
const TIMER_GRANULARITY_MS = 5;

it('never sends the next request sooner than 1 s after a 429, even when the token expires during the wait', {
  timeout: 20_000,
}, async () => {
  const sim = await startSimulator({ port: 0, throttle: false, tokenTtlSeconds: 3 });
  try {
    const { software_statement } = await sim.simulator.mintSoftwareStatement();
    const client = createDcrClient({
      baseUrl: sim.url,
      softwareStatement: software_statement,
      store: memoryStore(),
      refreshLeadSeconds: 1,
      random: () => 0.5,
    });
    await client.getAccessToken();
    // The refresh at 2 s meets a 503 (retry after 0.5 s), then a 429 at 2.5 s; the token expires at 3 s.
    sim.simulator.injectFault({ kind: 'error', endpoint: 'token', count: 1 });
    sim.simulator.injectFault({ kind: 'throttle', endpoint: 'token', count: 1 });
    // Wait (bounded) for the first token request after the 429; its backoff may be 1–3 s with this policy.
    const tokenRequests = () => sim.simulator.requests().filter((entry) => entry.endpoint === 'token');
    for (let waited = 0; waited < 10_000; waited += 100) {
      const all = tokenRequests();
      const at = all.findIndex((entry) => entry.status === 429);
      if (at >= 0 && all.length > at + 1) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    client.stop();
    const tokens = tokenRequests();
    const throttled = tokens.findIndex((entry) => entry.status === 429);
    expect(throttled).toBeGreaterThan(0);
    const next = tokens[throttled + 1];
    expect(next).toBeDefined();
    expect(next!.at - tokens[throttled]!.at).toBeGreaterThanOrEqual(1_000 - TIMER_GRANULARITY_MS);
  } finally {
    await sim.close();
  }
});
