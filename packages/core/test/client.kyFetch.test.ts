// Decision 0017: an app that opts in to ky (`fetch: kyFetch(itsKy)`) gets the same lifecycle and the same
// `client.fetch()` — a 401 is returned to the client (not thrown by ky), refreshed once and retried — with its
// instance's hooks seeing every request.

import { kyFetch } from '@dcrflow/protocol/ky';
import ky from 'ky';
import { expect, it } from 'vitest';
import { harness } from './support/simulatorHarness.ts';

it('registers, refreshes after a server-side expiry and retries the API call, all through the app’s ky hooks', async () => {
  const h = await harness();
  const seen: string[] = [];
  const traced = ky.create({
    hooks: {
      afterResponse: [({ request, response }) => void seen.push(`${new URL(request.url).pathname} ${response.status}`)],
    },
  });
  const client = h.client({ softwareStatement: await h.statement(), fetch: kyFetch(traced) });
  const before = await client.getAccessToken();
  h.sim.simulator.advanceClock(6 * 3600 + 60); // the simulator now considers the token expired
  const response = await client.fetch(`${h.url}/api/v2/test-sp/configuration`);
  expect(response.status).toBe(200);
  expect((await client.getAccessToken()).accessToken).not.toBe(before.accessToken);
  expect(h.counts()).toMatchObject({ register: 1, token: 2, api: 2, registrations: 1 });
  expect(seen.map((line) => line.replace(/ 20[01]$/, ' 2xx'))).toEqual([
    '/o/client/register 2xx',
    '/o/client/token 2xx',
    '/api/v2/test-sp/configuration 401',
    '/o/client/token 2xx',
    '/api/v2/test-sp/configuration 2xx',
  ]);
});
