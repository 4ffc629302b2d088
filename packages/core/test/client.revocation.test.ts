import { describe, expect, it } from 'vitest';
import { memoryStore, RevokedError } from '../src/index.ts';
import { harness, offsetClock, waitForState } from './support/simulatorHarness.ts';

// DCR FAQ: "Revoked software statement ⇒ the app can no longer obtain working credentials/tokens … until a new
// statement is shipped". dcr-protocol.md §5: the token endpoint answers invalid_client, registration answers
// unapproved_software_statement.

describe('revocation', () => {
  it('FAQ: a revoked statement ends in revoked, emits revoked, rejects quickly with RevokedError, no request storm; a new statement recovers', async () => {
    const h = await harness();
    const minted = await h.sim.simulator.mintSoftwareStatement();
    let offset = 0;
    const clock = offsetClock(() => offset);
    const client = h.client({ softwareStatement: minted.software_statement, clock });
    const revokedEvents: unknown[] = [];
    const reauth: unknown[] = [];
    client.on('revoked', (event) => revokedEvents.push(event));
    client.on('reauthenticationRequired', (event) => reauth.push(event));
    const { expiresAt } = await client.getAccessToken();

    h.sim.simulator.revokeSoftwareStatement(minted.software_id);
    offset = expiresAt - Date.now() + 1_000; // the token expired: the client needs a new one
    const waiting = client.getAccessToken();
    await expect(waiting).rejects.toBeInstanceOf(RevokedError);
    expect(client.state).toBe('revoked');
    expect(revokedEvents).toHaveLength(1);
    const settled = h.counts();
    expect(settled).toMatchObject({ register: 2, token: 2 });

    // Every later call rejects at once, without a request.
    const started = performance.now();
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => client.getAccessToken()));
    expect(performance.now() - started).toBeLessThan(200);
    expect(results.every((result) => result.status === 'rejected' && RevokedError.is(result.reason))).toBe(true);
    const error = (results[0] as PromiseRejectedResult).reason as RevokedError;
    expect(error.code).toBe('revoked');
    expect(error.message).toMatch(/revoked/i);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.counts()).toEqual(settled);

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
    const client = h.client({ softwareStatement: minted.software_statement });
    await expect(client.getAccessToken()).rejects.toSatisfy(RevokedError.is);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.counts()).toMatchObject({ register: 1, token: 0 });
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
