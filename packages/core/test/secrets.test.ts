import { describe, expect, it } from 'vitest';
import type { InspectionEvent } from 'xstate';
import { type DcrClientEventMap, memoryStore } from '../src/index.ts';
import { ManualClock } from '../src/testing/ManualClock.ts';
import { harness, waitForState } from './support/simulatorHarness.ts';

// Secrets never enter the machine: context and events carry ids and fingerprints only, so XState inspection (the
// inspector, @statelyai/inspect, logs) can never leak a client secret, access token or software statement.

describe('secrets never reach inspection', () => {
  it('a whole lifecycle (register, refresh, 401, loss, revocation, recovery, reset) leaks no secret to inspect or events', async () => {
    const h = await harness();
    const secrets = new Set<string>();
    const spy: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.includes('/o/client/') && response.ok) {
        const body = await response
          .clone()
          .json()
          .catch(() => ({}));
        for (const key of ['client_secret', 'access_token']) if (typeof body[key] === 'string') secrets.add(body[key]);
      }
      return response;
    };
    const inspection: string[] = [];
    const published: string[] = [];
    const first = await h.sim.simulator.mintSoftwareStatement();
    secrets.add(first.software_statement);
    const clock = new ManualClock(Date.now());
    const client = h.client({
      softwareStatement: first.software_statement,
      store: memoryStore(),
      fetch: spy,
      clock,
      inspect: (event: InspectionEvent) => inspection.push(JSON.stringify(event)),
    });
    for (const name of ['reauthenticationRequired', 'revoked', 'stateChange', 'error'] as const) {
      client.on(name, (payload: DcrClientEventMap[typeof name]) => published.push(JSON.stringify(payload)));
    }

    await client.getAccessToken();
    // A proactive refresh.
    clock.advance(client.actor.getSnapshot().context.token!.refreshAt - clock.now());
    await waitForState(client, (state) => state === 'tokenValid');
    // A 401 from the protected API, then a deleted client (loss and re-registration).
    h.sim.simulator.advanceClock(6 * 3600 + 60);
    expect((await client.fetch(`${h.url}/api/v2/sp/configuration`)).status).toBe(200);
    h.sim.simulator.deleteClient(client.actor.getSnapshot().context.clientId!);
    expect((await client.fetch(`${h.url}/api/v2/sp/configuration`)).status).toBe(200);
    // Revocation, then recovery with a new statement, then a reset.
    h.sim.simulator.revokeSoftwareStatement(first.software_id);
    clock.advance(client.actor.getSnapshot().context.token!.expiresAt - clock.now() + 1);
    const revoked = await client.getAccessToken().catch((error: unknown) => error);
    published.push(JSON.stringify(revoked), String((revoked as Error).message), String((revoked as Error).cause));
    expect(client.state).toBe('revoked');
    const second = await h.sim.simulator.mintSoftwareStatement();
    secrets.add(second.software_statement);
    client.setSoftwareStatement(second.software_statement);
    await client.getAccessToken();
    await client.reset();
    await client.getAccessToken();

    // Enough happened for the scan to mean something: 3 registrations' secrets, several tokens, 2 statements.
    expect(secrets.size).toBeGreaterThanOrEqual(9);
    expect(inspection.length).toBeGreaterThan(100);
    const leaks = [...secrets].filter((secret) => [...inspection, ...published].some((text) => text.includes(secret)));
    expect(leaks).toEqual([]);
    // The scan itself works: the fingerprints are there, so a raw value would have been seen in the same place.
    expect(inspection.some((text) => text.includes('‹redacted:'))).toBe(true);
  });
});
