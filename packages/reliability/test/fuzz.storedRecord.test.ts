// Fuzzing core's stored-data decoder through its public behaviour: a client whose store holds arbitrary text —
// garbage, arbitrary JSON, or a real stored record with random damage — must end in a defined state (tokenValid,
// against an in-page simulator) and report anything unreadable as a typed, secret-free error event; it must never
// throw or hang. A store that breaks its contract must make getAccessToken() reject with a typed error in time.
import {
  type CredentialStore,
  createDcrClient,
  DcrError,
  type ErrorInfo,
  memoryStore,
  type StoredEntry,
} from '@dcrflow/core';
import { createSimulator } from '@dcrflow/simulator';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';

const SEED = 20_261_127;
const RUNS = 500;
const BASE_URL = 'http://simulator.test';
const ERROR_CODES = new Set([
  'transport',
  'throttled',
  'server',
  'contract',
  'protocol',
  'configuration',
  'revoked',
  'credentials_lost',
  'store',
  'store_corrupt',
  'unexpected',
]);

const simulator = createSimulator({ throttle: false });
const simulatorFetch: typeof fetch = (input, init) => simulator.fetch(new Request(input, init));
let statement: string;
/** A real stored record (the JSON core writes), as the starting point of damaged ones. */
let template: Record<string, unknown>;

beforeAll(async () => {
  statement = (await simulator.mintSoftwareStatement()).software_statement;
  const store = memoryStore();
  const client = createDcrClient({ baseUrl: BASE_URL, softwareStatement: statement, store, fetch: simulatorFetch });
  await client.getAccessToken();
  client.stop();
  template = JSON.parse((await store.get())!.value) as Record<string, unknown>;
});

/** A store that starts with `entry` and then behaves like any compare-and-set store. */
function presetStore(entry: StoredEntry): CredentialStore {
  let current: StoredEntry | null = entry;
  return {
    get: async () => current,
    async set(value, { expectedVersion }) {
      if ((current?.version ?? null) !== expectedVersion) return { ok: false, current };
      current = { value, version: (current?.version ?? 0) + 1 };
      return { ok: true, version: current.version };
    },
    async delete() {
      current = null;
    },
  };
}

// Secrets planted in damaged records: none may ever show up in an error message.
const secret = fc.stringMatching(/^[A-Za-z0-9_-]{16,40}$/).map((value) => `planted-${value}`);
const anyJson = fc.jsonValue({ maxDepth: 3 });
/** A path into the record and a replacement (or `undefined`: delete it). */
const damage = fc.record({
  path: fc.constantFrom(
    ['format'],
    ['registered'],
    ['credentials'],
    ['credentials', 'clientId'],
    ['credentials', 'clientSecret'],
    ['credentials', 'issuedAt'],
    ['token'],
    ['token', 'accessToken'],
    ['token', 'tokenType'],
    ['token', 'obtainedAt'],
    ['token', 'expiresAt'],
    ['extra'],
  ),
  replacement: fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    anyJson,
    fc.constantFrom('', 0, -1, 1e308, true, 'dcrflow.v2', [], {}),
  ),
});

function damaged(
  record: Record<string, unknown>,
  damages: ReadonlyArray<{ path: readonly string[]; replacement: unknown }>,
) {
  const copy = structuredClone(record);
  for (const { path, replacement } of damages) {
    let target: unknown = copy;
    for (const key of path.slice(0, -1)) {
      target = typeof target === 'object' && target !== null ? (target as Record<string, unknown>)[key] : undefined;
    }
    if (typeof target !== 'object' || target === null) continue;
    const last = path.at(-1)!;
    if (replacement === undefined) delete (target as Record<string, unknown>)[last];
    else (target as Record<string, unknown>)[last] = replacement;
  }
  return copy;
}

/** The stored text: garbage, any JSON, or the real record with planted secrets and random damage. */
const storedText = fc
  .oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    anyJson.map((value) => JSON.stringify(value)),
    {
      weight: 6,
      arbitrary: fc
        .record({
          clientSecret: fc.option(secret, { nil: null }),
          accessToken: secret,
          expired: fc.boolean(),
          shape: fc.constantFrom('credentials', 'credentials', 'credentials', 'lost', 'empty'),
          damages: fc.oneof(
            { weight: 2, arbitrary: fc.constant([]) },
            fc.array(damage, { minLength: 1, maxLength: 3 }),
          ),
          truncate: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, fc.nat()),
        })
        .map(({ clientSecret, accessToken, expired, shape, damages, truncate }) => {
          const record = structuredClone(template) as {
            credentials: Record<string, unknown>;
            token: Record<string, unknown>;
          };
          // Without a planted secret the record keeps the simulator's real credentials: a refresh can then succeed.
          if (clientSecret !== null) record.credentials.clientSecret = clientSecret;
          record.token.accessToken = accessToken;
          if (expired) record.token.expiresAt = Date.now() - 1_000;
          // A registration whose credentials are gone ('lost'), or a first run ('empty'), as core records them.
          const shaped =
            shape === 'credentials'
              ? record
              : { ...record, registered: shape === 'lost', credentials: null, token: null };
          const text = JSON.stringify(damaged(shaped, damages));
          return {
            text: truncate === null ? text : text.slice(0, truncate % text.length),
            secrets: clientSecret === null ? [accessToken] : [clientSecret, accessToken],
          };
        }),
    },
  )
  .map((value) => (typeof value === 'string' ? { text: value, secrets: [] as string[] } : value));

it(`a store holding arbitrary text (${RUNS} seeded cases) always ends in tokenValid with typed, secret-free error events`, {
  timeout: 60_000,
}, async () => {
  const outcomes = { corrupt: 0, reauthenticated: 0, reusedStoredToken: 0, tokenRequested: 0, registered: 0 };
  await fc.assert(
    fc.asyncProperty(storedText, fc.integer({ min: 1, max: 2 ** 31 }), async ({ text, secrets }, version) => {
      const errors: ErrorInfo[] = [];
      let reauthentications = 0;
      const before = simulator.stats();
      const client = createDcrClient({
        baseUrl: BASE_URL,
        softwareStatement: statement,
        store: presetStore({ value: text, version }),
        fetch: simulatorFetch,
        waitTimeoutMs: 5_000,
      });
      client.on('error', (error) => errors.push(error));
      client.on('reauthenticationRequired', () => {
        reauthentications += 1;
      });
      try {
        const token = await client.getAccessToken();
        expect(client.state).toBe('tokenValid');
        expect(typeof token.accessToken).toBe('string');
      } finally {
        client.stop();
      }
      for (const error of errors) {
        expect(ERROR_CODES.has(error.code)).toBe(true);
        expect(error.message).toMatch(/\S/);
        for (const planted of secrets) expect(error.message).not.toContain(planted);
        if (text.length >= 16) expect(error.message).not.toContain(text);
      }
      const corrupt = errors.some((error) => error.code === 'store_corrupt');
      if (corrupt) {
        // Unreadable credentials are lost credentials: a new registration, and the app is told (DCR FAQ).
        expect(reauthentications).toBe(1);
        outcomes.corrupt += 1;
      }
      if (reauthentications > 0) outcomes.reauthenticated += 1;
      const after = simulator.stats();
      if (after.requests.total === before.requests.total) outcomes.reusedStoredToken += 1;
      else outcomes.tokenRequested += 1;
      if (after.registrations.total > before.registrations.total) outcomes.registered += 1;
    }),
    { seed: SEED, numRuns: RUNS },
  );
  console.log(
    `stored-record fuzz: ${RUNS} cases, seed ${SEED}: all ended in tokenValid; ${outcomes.corrupt} reported store_corrupt ` +
      `(each then re-registered and emitted reauthenticationRequired once), ${outcomes.reauthenticated} re-authentications in all, ` +
      `${outcomes.reusedStoredToken} used the stored token without a request, ${outcomes.tokenRequested} made requests ` +
      `(${outcomes.registered} of them registered)`,
  );
  expect(outcomes.corrupt).toBeGreaterThan(0);
  expect(outcomes.reusedStoredToken).toBeGreaterThan(0);
  expect(outcomes.tokenRequested - outcomes.registered).toBeGreaterThan(0);
});

it('a store that breaks its contract makes getAccessToken() reject with a typed error in time, never throw or hang', {
  timeout: 30_000,
}, async () => {
  const broken = fc.oneof(
    fc.anything().map((value) => ({ kind: 'returns', value })),
    fc.record({ value: fc.anything(), version: fc.anything() }).map((value) => ({ kind: 'returns', value })),
    fc.anything().map((value) => ({ kind: 'throws', value })),
  );
  const cases = fc.sample(broken, { seed: SEED, numRuns: 100 }).filter(({ kind, value }) => {
    // Values that happen to be valid entries (or null, "nothing stored") are not broken stores.
    if (kind !== 'returns') return true;
    const entry = value as { value?: unknown; version?: unknown } | null;
    return !(entry === null || (typeof entry?.value === 'string' && typeof entry.version === 'number'));
  });
  const started = performance.now();
  const results = await Promise.all(
    cases.map(async ({ kind, value }) => {
      const errors: ErrorInfo[] = [];
      const store: CredentialStore = {
        get: async () => {
          if (kind === 'throws') throw value;
          return value as StoredEntry;
        },
        set: async () => ({ ok: true, version: 1 }),
        delete: async () => undefined,
      };
      const client = createDcrClient({
        baseUrl: BASE_URL,
        softwareStatement: statement,
        store,
        fetch: simulatorFetch,
        waitTimeoutMs: 500,
      });
      client.on('error', (error) => errors.push(error));
      try {
        await client.getAccessToken();
        return { rejected: null, errors };
      } catch (error) {
        return { rejected: error, errors };
      } finally {
        client.stop();
      }
    }),
  );
  for (const { rejected, errors } of results) {
    expect(DcrError.is(rejected)).toBe(true);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((error) => error.code === 'store')).toBe(true);
  }
  console.log(
    `broken-store fuzz: ${results.length} contract-breaking stores, every getAccessToken() rejected with a DcrError ` +
      `(${[...new Set(results.map(({ rejected }) => (rejected as DcrError).code))].join(', ')}) within ${(performance.now() - started).toFixed(0)} ms in all`,
  );
});
