// Acceptance check of @dcrflow/core through its public API only, against the simulator over real HTTP.
//   node --conditions=@dcrflow/source scripts/acceptance.ts
// Prints four facts and exits 1 if any is wrong: cold start 1+1 requests, warm start 0, 1,000 concurrent calls →
// 1 token request, revocation → `revoked`.
import { createDcrClient, memoryStore, RevokedError } from '@dcrflow/core';
import { startSimulator } from '@dcrflow/simulator/node';

const deviceInfo = {
  model: 'acceptance',
  version: '1',
  osName: 'Linux',
  osVersion: '6',
  connectionType: 'LAN',
} as const;
const { url, simulator, close } = await startSimulator({ port: 0, throttle: false });
const facts: Array<{ fact: string; ok: boolean; detail: string }> = [];
const counts = () => {
  const { register, token } = simulator.stats().requests;
  return { register, token };
};
const check = (fact: string, ok: boolean, detail: string) => {
  facts.push({ fact, ok, detail });
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${fact}: ${detail}`);
};

try {
  const minted = await simulator.mintSoftwareStatement();
  const store = memoryStore();

  const cold = createDcrClient({ baseUrl: url, softwareStatement: minted.software_statement, store, deviceInfo });
  await cold.getAccessToken();
  const afterCold = counts();
  check(
    'cold start',
    afterCold.register === 1 && afterCold.token === 1,
    `${afterCold.register} registration + ${afterCold.token} token request`,
  );
  cold.stop();

  const warm = createDcrClient({ baseUrl: url, softwareStatement: minted.software_statement, store, deviceInfo });
  await warm.getAccessToken();
  const afterWarm = counts();
  const warmRequests = afterWarm.register + afterWarm.token - afterCold.register - afterCold.token;
  check('warm start', warmRequests === 0, `${warmRequests} requests (state ${warm.state})`);
  warm.stop();

  const fresh = createDcrClient({
    baseUrl: url,
    softwareStatement: minted.software_statement,
    store: memoryStore(),
    deviceInfo,
  });
  const before = counts();
  const tokens = await Promise.all(Array.from({ length: 1_000 }, () => fresh.getAccessToken()));
  const after = counts();
  const distinct = new Set(tokens.map((token) => token.accessToken)).size;
  check(
    '1,000 concurrent getAccessToken()',
    after.token - before.token === 1 && distinct === 1,
    `${after.token - before.token} token request, ${distinct} distinct token`,
  );

  simulator.revokeSoftwareStatement(minted.software_id);
  const revokedEvents: unknown[] = [];
  fresh.on('revoked', (event) => revokedEvents.push(event));
  // The simulator's clock moves past the token's expiry; the protected API rejects it and the client refreshes.
  simulator.advanceClock(6 * 3600 + 60);
  const outcome = await fresh.fetch(`${url}/api/v2/acceptance/configuration`).then(
    (response) => `HTTP ${response.status}`,
    (error: unknown) => (RevokedError.is(error) ? 'RevokedError' : String(error)),
  );
  check(
    'revocation',
    fresh.state === 'revoked' && revokedEvents.length === 1 && outcome === 'RevokedError',
    `state ${fresh.state}, revoked emitted ${revokedEvents.length}×, fetch → ${outcome}`,
  );
  fresh.stop();
} finally {
  await close();
}

const failed = facts.filter((fact) => !fact.ok).length;
console.log(failed === 0 ? 'acceptance: all 4 facts hold' : `acceptance: ${failed} of ${facts.length} facts FAILED`);
process.exit(failed === 0 && facts.length === 4 ? 0 : 1);
