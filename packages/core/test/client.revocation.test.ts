import { describe, expect, it } from 'vitest';
import { memoryStore, RevokedError } from '../src/index.ts';
import { ManualClock } from '../src/testing/ManualClock.ts';
import { type Harness, harness, waitForState } from './support/simulatorHarness.ts';

// DCR FAQ: "Revoked software statement ⇒ the app can no longer obtain working credentials/tokens … until a new
// statement is shipped". dcr-protocol.md §5: the token endpoint answers invalid_client, registration answers
// unapproved_software_statement.

/**
 * "No request storm", in a form that can fail: once revoked, the client holds no timer at all (a retry or backoff
 * would be an armed `after` delay on its clock), and a whole simulated day later the simulator saw no new request.
 * Waiting 100 ms of real time instead could never catch a retry scheduled a second later.
 */
async function expectNoStorm(h: Harness, clock: ManualClock, settled: ReturnType<Harness['counts']>): Promise<void> {
  expect(clock.pending).toBe(0);
  clock.advance(24 * 60 * 60 * 1000);
  // A backstop for a retry not scheduled on the clock: a real round trip to the simulator gives a request that such
  // a retry started the time to arrive (the pending-timer check above is the proof).
  await fetch(new URL('/admin/stats', h.url));
  expect(h.counts()).toEqual(settled);
}

describe('revocation', () => {
  it('FAQ: a revoked statement ends in revoked, emits revoked, rejects quickly with RevokedError, no request storm; a new statement recovers', async () => {
    const h = await harness();
    const minted = await h.sim.simulator.mintSoftwareStatement();
    const clock = new ManualClock(Date.now());
    const client = h.client({ softwareStatement: minted.software_statement, clock });
    const revokedEvents: unknown[] = [];
    const reauth: unknown[] = [];
    client.on('revoked', (event) => revokedEvents.push(event));
    client.on('reauthenticationRequired', (event) => reauth.push(event));
    const { expiresAt } = await client.getAccessToken();

    h.sim.simulator.revokeSoftwareStatement(minted.software_id);
    clock.jump(expiresAt - clock.now() + 1_000); // the token expired: the client needs a new one
    const waiting = client.getAccessToken();
    await expect(waiting).rejects.toBeInstanceOf(RevokedError);
    expect(client.state).toBe('revoked');
    expect(revokedEvents).toHaveLength(1);
    const settled = h.counts();
    expect(settled).toMatchObject({ register: 2, token: 2 });

    // Every later call rejects at once, without a request: all 100 settle before the event loop's next turn, which
    // no answer that needed the network could do (no wall-clock budget to race).
    const settling = Promise.allSettled(Array.from({ length: 100 }, () => client.getAccessToken()));
    const nextTurn = new Promise<'next turn'>((resolve) => setImmediate(() => resolve('next turn')));
    const results = await Promise.race([settling, nextTurn]);
    if (results === 'next turn') throw new Error('getAccessToken() in revoked did not reject at once');
    expect(results.every((result) => result.status === 'rejected' && RevokedError.is(result.reason))).toBe(true);
    const error = (results[0] as PromiseRejectedResult).reason as RevokedError;
    expect(error.code).toBe('revoked');
    expect(error.message).toMatch(/revoked/i);
    await expectNoStorm(h, clock, settled);

    client.setSoftwareStatement((await h.sim.simulator.mintSoftwareStatement()).software_statement);
    const token = await client.getAccessToken();
    expect(token.expiresAt).toBeGreaterThan(clock.now());
    expect(client.state).toBe('tokenValid');
    // The new registration replaced the credentials of the revoked statement: users must sign in again.
    expect(reauth).toHaveLength(1);
  });

  it('a revoked statement at first registration ends in revoked without retrying', async () => {
    const h = await harness();
    const minted = await h.sim.simulator.mintSoftwareStatement();
    h.sim.simulator.revokeSoftwareStatement(minted.software_id);
    const clock = new ManualClock(Date.now());
    const client = h.client({ softwareStatement: minted.software_statement, clock });
    await expect(client.getAccessToken()).rejects.toSatisfy(RevokedError.is);
    expect(h.counts()).toMatchObject({ register: 1, token: 0 });
    await expectNoStorm(h, clock, h.counts());
  });

  it('an invalid (tampered) statement ends in revoked', async () => {
    const h = await harness();
    const statement = await h.statement();
    const [header, payload] = statement.split('.');
    const client = h.client({ softwareStatement: `${header}.${payload}.c2lnbmF0dXJl` });
    await expect(client.getAccessToken()).rejects.toSatisfy(RevokedError.is);
    expect(client.actor.getSnapshot().context.error?.code).toBe('revoked');
  });

  it('the function form of softwareStatement is invoked again on reset() and recovers', async () => {
    const h = await harness();
    const revoked = await h.sim.simulator.mintSoftwareStatement();
    h.sim.simulator.revokeSoftwareStatement(revoked.software_id);
    const fresh = await h.statement();
    const calls: string[] = [];
    const client = h.client({
      store: memoryStore(),
      softwareStatement: async () => {
        calls.push('called');
        return calls.length === 1 ? revoked.software_statement : fresh;
      },
    });
    await expect(client.getAccessToken()).rejects.toSatisfy(RevokedError.is);
    await client.reset();
    await client.getAccessToken();
    await waitForState(client, (state) => state === 'tokenValid');
    expect(calls).toHaveLength(2);
  });
});
